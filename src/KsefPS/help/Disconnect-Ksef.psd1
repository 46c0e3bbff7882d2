@{
    Synopsis    = 'Ends a KSeF session: revokes it at KSeF and forgets it locally.'
    Description = 'Revokes the authentication at KSeF (DELETE /auth/sessions/current: its refresh token dies; access tokens already issued live until their expiry) and clears it as the current session. The session is closed locally even when KSeF cannot be reached; that failure is reported as a non-terminating error. With no session to end (none current, or one already ended) it does nothing and says so in -Verbose, so that it is safe in a finally block.'
    Parameters  = @{
        Session = 'The session to end. Default: the current session.'
    }
    Examples    = @(
        @{ Code = 'Disconnect-Ksef'; Remarks = 'Ends the current session.' }
        @{ Code = '$s = Connect-Ksef -Nip $nip -Certificate Cert; try { ... } finally { Disconnect-Ksef -Session $s }'; Remarks = 'A runbook that always cleans up.' }
        @{ Code = '$ErrorActionPreference = ''Stop''; try { Connect-Ksef -Nip $nip -Certificate Cert | Out-Null; ... } finally { Disconnect-Ksef }'; Remarks = 'Also safe when Connect-Ksef failed: the error that stopped the runbook is the one it reports.' }
    )
}
