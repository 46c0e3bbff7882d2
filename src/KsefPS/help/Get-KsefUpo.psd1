@{
    Synopsis    = 'Saves the UPO (official receipt) of an online session.'
    Description = 'Waits until KSeF has processed the closed session, downloads its collective UPO (v4-3), checks it against the hash KSeF declares and writes UPO-<session reference>.xml into the folder. Piped Send-KsefInvoice results of one session give one UPO. A session that is still open, or in which no invoice was accepted, has none: UpoNotAvailable.'
    Parameters  = @{
        SessionReferenceNumber = 'The online session''s reference number; bound from Send-KsefInvoice results.'
        OutputDirectory        = 'Where the UPO files go (created if missing).'
        Timeout                = 'How long to wait for KSeF to finish the session, as a TimeSpan or a number of seconds (default 120 s).'
        TimeoutSeconds         = 'The older form of -Timeout, in whole seconds (default 120); give one or the other.'
        Session                = 'The session from Connect-Ksef; by default the current one, or the one carried by the piped result.'
        StorePath              = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Send-KsefInvoice ./fv-1.xml -Wait | Get-KsefUpo -OutputDirectory ./upo'; Remarks = 'The UPO of the session that carried the invoice.' }
    )
}
