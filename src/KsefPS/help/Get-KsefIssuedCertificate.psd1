@{
    Synopsis    = 'Lists the certificates KSeF has issued to the authenticated subject, and which of them are in the store.'
    Description = 'Queries KSeF (POST /certificates/query, every page) for the subject''s certificates with their status (Active, Blocked, Revoked, Expired), validity and last use. StoredAs names the local store entry with the same serial number; local entries KSeF reports Revoked or Blocked are marked revoked in the store, so Get-KsefCertificate and Connect-Ksef know.'
    Parameters  = @{
        Name         = 'Only certificates whose name contains this text.'
        SerialNumber = 'Only the certificate with this serial number (16 hex digits, either case; SerialNumberInvalid otherwise).'
        Usage        = 'Only Authentication or only Offline certificates.'
        Status       = 'Only certificates in this status.'
        Session      = 'The session to use. Default: the current session.'
        StorePath    = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Get-KsefIssuedCertificate -Status Active'; Remarks = 'Active certificates, with their store names.' }
        @{ Code = 'Get-KsefIssuedCertificate | Where-Object { -not $_.StoredAs -and $_.Status -eq "Active" } | Revoke-KsefCertificate -Reason KeyCompromise'; Remarks = 'Revokes active certificates whose keys are in no store here.' }
    )
}
