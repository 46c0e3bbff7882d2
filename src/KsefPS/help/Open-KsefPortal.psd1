@{
    Synopsis    = 'Opens the KSeF taxpayer web portal of an environment in the default browser.'
    Description = @'
Opens the web portal ("Aplikacja Podatnika KSeF") of the chosen environment. Where no browser can be started, or the
session is not interactive (a runbook, a scheduled task, pwsh -NonInteractive), it writes the address to the host
instead. With -PassThru it also returns the address as a [uri].
'@
    Parameters  = @{
        Environment = 'The environment whose portal to open: Test (default), Demo or Production.'
        PassThru    = 'Also return the portal address.'
    }
    Defaults    = @{ Environment = 'Test' }
    Examples    = @(
        @{ Code = 'Open-KsefPortal -Environment Demo'; Remarks = 'Opens the Demo portal in the browser.' }
        @{ Code = '$url = Open-KsefPortal Production -PassThru'; Remarks = 'Opens (or prints) the production portal and keeps its address.' }
    )
}
