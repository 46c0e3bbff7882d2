@{
    Synopsis    = 'Shows where the certificate store is, how its key is protected, and what it holds.'
    Description = @'
Returns the store path, its protection (User: DPAPI on Windows or a 0600 key file on Unix; Passphrase: Argon2id),
whether it is locked and until when it is unlocked, the schema version, certificate counts by usage, stored KSeF tokens,
enrollments waiting to be resumed, offline invoices still to send, and the file size.
Opening a store that does not exist yet creates it (0700 directory, 0600 files).
'@
    Parameters  = @{
        StorePath = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Get-KsefStore'; Remarks = 'The current user''s store.' }
        @{ Code = 'Get-KsefStore -StorePath ./ci-store.db'; Remarks = 'A store kept beside a CI job.' }
    )
}
