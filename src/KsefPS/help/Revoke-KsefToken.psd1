@{
    Synopsis    = 'Revokes a KSeF token at KSeF and removes it from the store.'
    Description = 'Revokes the token (DELETE /tokens/{referenceNumber}) over the current or given session and, when it is stored, deletes it from the store. Sessions already authenticated with the token can no longer refresh. When KSeF refuses because the token was already revoked (in its web application, or from another store), the stored copy is removed with a warning. Remove-KsefToken forgets a stored token without asking KSeF. Asks for confirmation (ConfirmImpact High).'
    Parameters  = @{
        Name            = 'The store name of the token.'
        ReferenceNumber = 'The token''s reference number (also from the pipeline, e.g. Get-KsefToken -Remote).'
        Session         = 'The session to use. Default: the current session.'
        StorePath       = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Revoke-KsefToken NightlyJob'; Remarks = 'Revokes the stored token after confirmation.' }
        @{ Code = 'Get-KsefToken -Remote | Where-Object Description -like "*old*" | Revoke-KsefToken -Confirm:$false'; Remarks = 'Revokes old tokens without prompting.' }
    )
}
