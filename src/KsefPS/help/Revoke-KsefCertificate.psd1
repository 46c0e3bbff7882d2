@{
    Synopsis    = 'Revokes a KSeF certificate at KSeF and marks the local entry as revoked.'
    Description = 'Revokes the certificate with the given serial number (POST /certificates/{serial}/revoke), optionally with a reason, and marks the matching store entries revoked; the entry (and its key) stays in the store until Remove-KsefCertificate. Revocation is irreversible and asks for confirmation (ConfirmImpact High). A session authenticated with a KSeF token may not revoke.'
    Parameters  = @{
        SerialNumber = 'The certificate''s serial number (16 hex digits, either case), also from the pipeline by property name; anything else is SerialNumberInvalid for that item.'
        InputObject  = 'A stored certificate from Get-KsefCertificate.'
        Reason       = 'Unspecified, Superseded or KeyCompromise.'
        Session      = 'The session to use. Default: the current session.'
        StorePath    = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Revoke-KsefCertificate 01F20A5D352AE590 -Reason KeyCompromise'; Remarks = 'Revokes by serial number.' }
        @{ Code = 'Get-KsefCertificate "Offline 2025" | Revoke-KsefCertificate -Reason Superseded -Confirm:$false'; Remarks = 'Revokes a stored certificate without prompting.' }
    )
}
