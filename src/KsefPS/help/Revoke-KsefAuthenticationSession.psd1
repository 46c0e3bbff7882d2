@{
    Synopsis    = 'Revokes an authentication at KSeF by its reference number.'
    Description = 'Asks KSeF to revoke the authentication (DELETE /auth/sessions/{referenceNumber}): its refresh token dies, so it cannot get new access tokens; the access tokens it already has stay valid until they expire. For a login you do not recognise, revoke also the credential it used (Revoke-KsefToken, Revoke-KsefCertificate), or it can log in again. Revoking this session''s own authentication warns that the session logs in again with its credential when it next needs a token; Disconnect-Ksef ends it. Asks for confirmation (ConfirmImpact High).'
    Parameters  = @{
        ReferenceNumber = 'The authentication''s reference number (also from the pipeline, e.g. Get-KsefAuthenticationSession).'
        Session         = 'The session to use. Default: the current session.'
        StorePath       = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Get-KsefAuthenticationSession | Where-Object { -not $_.IsCurrent } | Revoke-KsefAuthenticationSession -Confirm:$false'; Remarks = 'Ends every other login in the context.' }
        @{ Code = 'Revoke-KsefAuthenticationSession 20261206-AU-0FB466D996-03CE8F4ECD-01'; Remarks = 'Ends one login after confirmation.' }
    )
}
