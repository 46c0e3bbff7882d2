@{
    Synopsis    = 'Lists the Peppol service providers KSeF has registered: the ids a company authorizes to send its PEF invoices.'
    Description = @'
Reads KSeF's public list of Peppol service providers (GET /peppol/query), page after page, newest registration first,
and writes each provider as it arrives: its PeppolId (P, two capital letters, six digits), Name and DateCreated. KSeF
registers a provider by its first login in its own context (Connect-Ksef -PeppolId with its own certificate). A company
authorizes one with Grant-KsefPermission -PeppolId ... -Permission PefInvoicing, which binds PeppolId from this output.

The list is public: no session is needed. Without -Environment or -ApiUrl it asks the current session's KSeF, else
TEST. Values KSeF sends are shown as text with control characters replaced; Valid says whether an id has the documented
shape.
'@
    Parameters  = @{
        PeppolId    = 'Only these providers; wildcards are allowed (PPL*).'
        Environment = 'Test, Demo or Production. Default: the current session''s KSeF, else Test.'
        ApiUrl      = 'The API base address to ask instead of the environment''s, e.g. the local emulator.'
        Session     = 'Ask the KSeF of this session (no token is sent: the list is public).'
    }
    Examples    = @(
        @{ Code = 'Get-KsefPeppolProvider -Environment Production'; Remarks = 'Every Peppol service provider registered in production.' }
        @{ Code = 'Get-KsefPeppolProvider PPL123456 | Grant-KsefPermission -Permission PefInvoicing -EntityName ''Peppol Partner Sp. z o.o.'''; Remarks = 'Authorizes that provider to send the current context''s PEF invoices.' }
    )
}
