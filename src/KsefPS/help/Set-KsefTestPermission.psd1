@{
    Synopsis    = 'KSeF TEST only: gives a person or entity permissions in a context as the system does, or takes them back.'
    Description = @'
Calls KSeF TEST's /testdata/permissions (and /testdata/permissions/revoke with -Revoke): permissions in a context
without logging in as its owner, to prepare test scenarios. Grants made this way show with the author System. Refused
for Demo and Production (TestOnly): nothing is sent.
'@
    Parameters  = @{
        ContextNip  = 'The NIP of the context the permissions are for.'
        Pesel       = 'The person''s PESEL.'
        Nip         = 'The person''s or entity''s NIP.'
        Fingerprint = 'The certificate fingerprint (SHA-256, 64 hex digits).'
        Permission  = 'The permissions to give. A single string such as "InvoiceRead;InvoiceWrite" is split.'
        Revoke      = 'Take back every test-data permission of the subject in the context instead.'
        ApiUrl      = 'The KSeF API to call (e.g. the local emulator). Default: the current session''s, else KSeF TEST.'
        Environment = 'The environment the API belongs to; only Test is accepted.'
        Session     = 'A session whose KSeF to call instead of the current one.'
    }
    Examples    = @(
        @{ Code = 'Set-KsefTestPermission 5265877635 -Pesel 44051401458 -Permission InvoiceRead'; Remarks = 'A tester reads the invoices of a TEST company without its owner granting it.' }
    )
}
