@{
    Synopsis    = 'Ends a KSeF session: revokes it at KSeF and forgets it locally.'
    Description = 'Revokes the authentication at KSeF (DELETE /auth/sessions/current: its refresh token dies; access tokens already issued live until their expiry) and clears it as the current session. The session is closed locally even when KSeF cannot be reached; that failure is reported as a non-terminating error.'
    Parameters  = @{
        Session = 'The session to end. Default: the current session.'
    }
    Examples    = @(
        @{ Code = 'Disconnect-Ksef'; Remarks = 'Ends the current session.' }
        @{ Code = '$s = Connect-Ksef -Nip $nip -Certificate Cert; try { ... } finally { Disconnect-Ksef -Session $s }'; Remarks = 'A runbook that always cleans up.' }
    )
}
