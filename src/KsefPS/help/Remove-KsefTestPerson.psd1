@{
    Synopsis    = 'KSeF TEST only: removes the test person linked to a NIP; KSeF takes back its permissions.'
    Description = @'
Calls KSeF TEST's /testdata/person/remove for the NIP a person was linked to with New-KsefTestPerson: the person no
longer logs in as that NIP's owner, and KSeF takes back every permission it had. Refused for Demo and Production
(TestOnly): nothing is sent.
'@
    Parameters  = @{
        Nip         = 'The NIP the person was linked to (also from the pipeline by property name).'
        ApiUrl      = 'The KSeF API to call (e.g. the local emulator). Default: the current session''s, else KSeF TEST.'
        Environment = 'The environment the API belongs to; only Test is accepted.'
        Session     = 'A session whose KSeF to call instead of the current one.'
    }
    Examples    = @(
        @{ Code = 'Remove-KsefTestPerson 5265877635'; Remarks = 'The PESEL certificate of the person no longer logs in to that NIP''s context.' }
    )
}
