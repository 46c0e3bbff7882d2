@{
    Synopsis    = 'Removes certificates from the store and destroys their private keys.'
    Description = @'
Deletes entries by name (wildcards allowed), by thumbprint, or from the pipeline. The store runs with SQLite
secure_delete and checkpoints its write-ahead log after a removal, so the sealed key does not linger in free pages.
Removal cannot be undone: export a PFX first if you may need the key again. Asks for confirmation (ConfirmImpact High);
use -Confirm:$false in scripts.
'@
    Parameters  = @{
        Name        = 'Names of the entries to remove; wildcards are allowed.'
        Thumbprint  = 'SHA-1 thumbprint, SHA-256 fingerprint or serial number of the entries to remove.'
        InputObject = 'Stored certificates from Get-KsefCertificate.'
        StorePath   = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Remove-KsefCertificate AnnaTest'; Remarks = 'Removes one entry after confirmation.' }
        @{ Code = 'Get-KsefCertificate -Environment Test | Where-Object Status -eq Expired | Remove-KsefCertificate -Confirm:$false'; Remarks = 'Clears expired test certificates without prompting.' }
    )
}
