@{
    Synopsis    = 'Protects invoices issued offline: KOD I and a signed KOD II link, QR images, and a place in the offline queue.'
    Description = @'
For each invoice file it makes the checks KSeF will make when the invoice arrives (UTF-8 without a BOM, at most 1 MB, a
known form code (FA (2) only for a TEST certificate: Demo and Production take FA (3); InvoiceFormNotAccepted),
well-formed, no processing instruction, none of the characters XML discourages such as C1 controls,
for Production right check digits in the NIPs of the seller, the buyer, third subjects and an authorized subject, valid
against the form's XSD unless -SkipSchemaValidation) and reads the seller NIP
(Podmiot1), the issue date P_1 and the number P_2 in the same pass (of a PEF invoice: IssueDate, ID, and the seller's PL VAT number, taken from the supplier's
PartyTaxScheme/CompanyID, else its PartyLegalEntity/CompanyID, EndpointID or PartyIdentification/ID, the first that is PL
and ten digits); it hashes the exact file bytes (SHA-256; a BOM or
CRLF line ends change the hash), builds
KOD I ({qr}/invoice/{nip}/{dd-MM-yyyy}/{hash}) and KOD II ({qr}/certificate/{type}/{value}/{nip}/{serial}/{hash}/{signature})
for the certificate's environment, and signs KOD II with the KSeF Offline certificate (RSASSA-PSS SHA-256 salt 32, or
ECDSA P-256 as R‖S). An Authentication certificate is refused (KSeF forbids it), and so is an expired, not-yet-valid or
revoked one.

With -OutputDirectory it writes two images per invoice, <name>.kod1.png labelled OFFLINE and <name>.kod2.png labelled
CERTYFIKAT (or .svg, or both), each with a quiet zone and the label drawn by KsefPS itself (no native graphics).

Every protected invoice is recorded in the store's offline queue with its sending deadline: the next business day for
Offline24 and Offline, 7 business days after the failure for Emergency, Polish public holidays counted
(Get-KsefOfflineInvoice); an invoice is written to the pipeline only once it is in the queue. When some deadlines had
passed before the run (an old issue date), one warning at the end says how many, to be sent at once. A folder given to -Path
or -LiteralPath stands for its *.xml files, and a wildcard is listed by the cmdlet itself, streaming: for a large run,
Protect-KsefInvoice ./out is faster than Get-ChildItem ./out | Protect-KsefInvoice, and its memory does not grow with the
folder. Invoices are processed in parallel (-ThrottleLimit, default the number of cores) off the pipeline thread, and
the results come out in input order; a file named twice in one run is done once. Without -WhatIf, -Confirm or -Verbose
the listing also runs off the pipeline thread; with them, every file is asked about on its own. A bad invoice gives a
non-terminating error and the others go on.

A scheduled run is a fresh process, and there .NET first profiles its XML validator for thousands of invoices before it
optimizes it: with the XSD check, a run of 10,000 in a fresh pwsh went about 1.5 times faster here when pwsh was
started with the environment variable DOTNET_TieredPGO=0 (its later passes in the same process were a fifth slower, so
leave it out of long-lived sessions; without the XSD check it makes no difference). A fresh pwsh also compiles again,
on a second core, what the last non-interactive pwsh of the same user compiled (its JIT profile, in pwsh's cache
folder): after the same script that helps, after another script it competes with the run. On Linux, give a scheduled
script a cache folder of its own (XDG_CACHE_HOME=/var/cache/ksef-offline pwsh -File ...): 10,000 invoices without the
XSD check went at about 20,500 a second here with the script's own folder, and 13,800 after another script.
'@
    Parameters  = @{
        Path            = 'Invoice files, or folders standing for their *.xml files; wildcards are allowed. A folder''s or wildcard''s files come in the order the file system gives their names (by name on Windows, not on Linux; Get-ChildItem sorts them first). A path of another PowerShell provider (Env:, Variable:…) or of a drive that does not exist is refused for that input (PathNotFileSystem).'
        LiteralPath     = 'Invoice files or folders, taken literally; bound by property name (PSPath) from objects that carry one.'
        InputObject     = 'Files and folders from Get-ChildItem or Get-Item (FileInfo, DirectoryInfo), piped in: each taken literally by the path it was made with, which for those two cmdlets is its full path. PowerShell binds them here as they are, quicker than by their PSPath.'
        Certificate     = 'The KSeF Offline certificate: a stored certificate''s name, the entry, or an X509Certificate2 with its private key (whose key is used where it is, never copied; give -Environment with it).'
        Environment     = 'With an X509Certificate2: Test, Demo or Production, the KSeF whose verification pages the QR codes link to. With a stored certificate it must match the entry''s environment, if given.'
        Nip             = 'The context the issuer works in, when it is not the seller''s own NIP.'
        InternalId      = 'An internal-identifier context (NIP-5 digits).'
        NipVatUe        = 'A NIP + EU VAT number context.'
        PeppolId        = 'A Peppol provider context.'
        Mode            = 'Offline24 (default), Offline (KSeF unavailable) or Emergency (KSeF failure).'
        FailureEnd      = 'For Offline and Emergency: when the unavailability or failure ended. Until known, the issue date is used, which gives the earliest deadline.'
        OutputDirectory = 'Write the two QR images of each invoice here.'
        ImageFormat     = 'Png (default), Svg, or both.'
        SkipSchemaValidation = 'Leave out the check against the form''s XSD, when the program that made the invoices already validated them; the other checks stay. About four times faster.'
        ThrottleLimit   = 'How many invoices are processed at once (default: the number of cores).'
        StorePath       = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
        Pin = 'The PIN of the token that holds the key of a stored PKCS#11 Offline entry. Default: the PIN saved with the entry, or asked for in an interactive session. One login serves every invoice of the run.'
    }
    Defaults    = @{ Mode = 'Offline24'; ImageFormat = 'Png' }
    Examples    = @(
        @{ Code = 'Protect-KsefInvoice ./out -Certificate Offline2026 -OutputDirectory ./qr'; Remarks = 'Protects every invoice (*.xml) in ./out, writes the QR images to ./qr and queues the invoices for sending.' }
        @{ Code = 'Protect-KsefInvoice ./fv-0001.xml -Certificate Offline2026 -Mode Emergency -FailureEnd 2026-03-02 | Format-List'; Remarks = 'One invoice issued during a KSeF failure that ended on 2 March.' }
        @{ Code = 'Get-ChildItem ./out -Recurse -Filter fv-2026-*.xml | Protect-KsefInvoice -Certificate Offline2026'; Remarks = 'Files chosen by Get-ChildItem; each arrives as the file object it is (-InputObject).' }
    )
}
