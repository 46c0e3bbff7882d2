@{
    Synopsis    = 'KSeF TEST only: links a PESEL to a NIP, so that the person logs in as that NIP''s owner.'
    Description = @'
Calls KSeF TEST's /testdata/person: a person (PESEL) linked to a NIP, optionally a bailiff. A test certificate with
that PESEL (New-KsefTestCertificate -Pesel) then logs in to the NIP's context with the owner's rights. Refused for Demo
and Production (TestOnly): nothing is sent.
'@
    Parameters  = @{
        Pesel       = 'The person''s PESEL.'
        Nip         = 'The NIP the person owns.'
        Bailiff     = 'The person is a bailiff (komornik).'
        Description = 'KSeF''s description of the test data (5–256 characters).'
        ApiUrl      = 'The KSeF API to call (e.g. the local emulator). Default: the current session''s, else KSeF TEST.'
        Environment = 'The environment the API belongs to; only Test is accepted.'
        Session     = 'A session whose KSeF to call instead of the current one.'
    }
    Examples    = @(
        @{ Code = 'New-KsefTestPerson -Pesel (New-KsefTestIdentifier Pesel) -Nip 5265877635'; Remarks = 'A test owner who logs in with a PESEL certificate.' }
    )
}
