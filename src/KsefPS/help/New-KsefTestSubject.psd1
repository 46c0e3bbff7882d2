@{
    Synopsis    = 'KSeF TEST only: creates a test subject with a role or with subunits.'
    Description = @'
Calls KSeF TEST's /testdata/subject: a subject of type EnforcementAuthority (which may then grant
EnforcementOperations), or a VAT group or local government unit (JST) with its subunits (-Subunit). Talks to -ApiUrl,
else to the current session's KSeF, else to KSeF TEST. Refused for Demo and Production (TestOnly): nothing is sent.
'@
    Parameters  = @{
        Nip         = 'The NIP of the test subject.'
        SubjectType = 'EnforcementAuthority, VatGroup or JST.'
        Subunit     = 'NIPs of the subunits (VAT group members, units of a JST).'
        Description = 'KSeF''s description of the test data (5–256 characters).'
        ApiUrl      = 'The KSeF API to call (e.g. the local emulator). Default: the current session''s, else KSeF TEST.'
        Environment = 'The environment the API belongs to; only Test is accepted.'
        Session     = 'A session whose KSeF to call instead of the current one.'
    }
    Examples    = @(
        @{ Code = 'New-KsefTestSubject -Nip 5265877635 -SubjectType VatGroup -Subunit 7762811692, 1111111111'; Remarks = 'A VAT group with two members on KSeF TEST.' }
    )
}
