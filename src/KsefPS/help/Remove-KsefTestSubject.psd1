@{
    Synopsis    = 'KSeF TEST only: removes a test subject, with its subunits.'
    Description = @'
Calls KSeF TEST's /testdata/subject/remove for a subject New-KsefTestSubject made: an enforcement authority, a VAT
group or a local government unit (JST); KSeF removes the subunits of a VAT group or JST with it. Refused for Demo and
Production (TestOnly): nothing is sent.
'@
    Parameters  = @{
        Nip         = 'The subject''s NIP (also from the pipeline by property name).'
        ApiUrl      = 'The KSeF API to call (e.g. the local emulator). Default: the current session''s, else KSeF TEST.'
        Environment = 'The environment the API belongs to; only Test is accepted.'
        Session     = 'A session whose KSeF to call instead of the current one.'
    }
    Examples    = @(
        @{ Code = 'Remove-KsefTestSubject 5265877635'; Remarks = 'Cleans up a test VAT group and its members after a test.' }
    )
}
