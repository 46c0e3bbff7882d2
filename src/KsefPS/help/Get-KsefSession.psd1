@{
    Synopsis    = 'Returns the current KSeF session of this runspace.'
    Description = 'Returns the session Connect-Ksef made current: environment, API address, context, subject, authentication method, token expiry times (never the tokens), reference number and state. With -All, every session opened in this runspace and not yet disconnected.'
    Parameters  = @{
        All = 'Return every open session of this runspace, not only the current one.'
    }
    Examples    = @(
        @{ Code = 'Get-KsefSession'; Remarks = 'The current session.' }
        @{ Code = 'Get-KsefSession -All | Disconnect-Ksef'; Remarks = 'Closes every session of this runspace.' }
    )
}
