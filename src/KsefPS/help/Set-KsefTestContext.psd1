@{
    Synopsis    = 'KSeF TEST only: allows or refuses invoices with attachments in a context, blocks or unblocks its authentication.'
    Description = @'
Calls KSeF TEST's /testdata/attachment and /testdata/context/block (and their reverse). -AttachmentsAllowed stands in
for the consent taxpayers give in e-Urząd Skarbowy (Get-KsefPermission -Attachments reports it); -Blocked makes every
authentication in the context end with status 480, to test how a script reacts. Refused for Demo and Production
(TestOnly): nothing is sent.
'@
    Parameters  = @{
        Nip                = 'The NIP of the context.'
        AttachmentsAllowed = '$true allows invoices with attachments, $false refuses them.'
        Blocked            = '$true blocks authentication in the context (status 480), $false unblocks it.'
        ApiUrl             = 'The KSeF API to call (e.g. the local emulator). Default: the current session''s, else KSeF TEST.'
        Environment        = 'The environment the API belongs to; only Test is accepted.'
        Session            = 'A session whose KSeF to call instead of the current one.'
    }
    Examples    = @(
        @{ Code = 'Set-KsefTestContext -Nip 5265877635 -AttachmentsAllowed $true'; Remarks = 'Invoices with attachments may be sent in this TEST context.' }
    )
}
