@{
    Synopsis    = 'Protects invoices issued offline: KOD I and a signed KOD II link, QR images, and a place in the offline queue.'
    Description = @'
For each invoice file it reads the seller NIP (Podmiot1), the issue date P_1 and the number P_2 with a streaming reader
that stops as soon as it has them, hashes the exact file bytes (SHA-256; a BOM or CRLF line ends change the hash), builds
KOD I ({qr}/invoice/{nip}/{dd-MM-yyyy}/{hash}) and KOD II ({qr}/certificate/{type}/{value}/{nip}/{serial}/{hash}/{signature})
for the certificate's environment, and signs KOD II with the KSeF Offline certificate (RSASSA-PSS SHA-256 salt 32, or
ECDSA P-256 as R‖S). An Authentication certificate is refused (KSeF forbids it), and so is an expired, not-yet-valid or
revoked one.

With -OutputDirectory it writes two images per invoice, <name>.kod1.png labelled OFFLINE and <name>.kod2.png labelled
CERTYFIKAT (or .svg, or both), each with a quiet zone and the label drawn by KsefPS itself (no native graphics).

Every protected invoice is recorded in the store's offline queue with its sending deadline: the next business day for
Offline24 and Offline, 7 business days after the failure for Emergency, Polish public holidays counted
(Get-KsefOfflineInvoice). Invoices are processed in parallel (-ThrottleLimit, default the number of cores) and the
results come out in input order; memory stays bounded whatever the number of invoices. A bad invoice gives a
non-terminating error and the others go on. (For folders of tens of thousands of files, Get-ChildItem itself holds
memory that grows with the folder; piping plain paths, as in the third example, keeps the whole pipeline flat.)
'@
    Parameters  = @{
        Path            = 'Invoice files; wildcards are allowed.'
        LiteralPath     = 'Invoice files, taken literally; bound by property name from Get-ChildItem.'
        Certificate     = 'The KSeF Offline certificate: a stored certificate''s name, or the entry.'
        Nip             = 'The context the issuer works in, when it is not the seller''s own NIP.'
        InternalId      = 'An internal-identifier context (NIP-5 digits).'
        NipVatUe        = 'A NIP + EU VAT number context.'
        PeppolId        = 'A Peppol provider context.'
        Mode            = 'Offline24 (default), Offline (KSeF unavailable) or Emergency (KSeF failure).'
        FailureEnd      = 'For Offline and Emergency: when the unavailability or failure ended. Until known, the issue date is used, which gives the earliest deadline.'
        OutputDirectory = 'Write the two QR images of each invoice here.'
        ImageFormat     = 'Png (default), Svg, or both.'
        ThrottleLimit   = 'How many invoices are processed at once (default: the number of cores).'
        StorePath       = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Defaults    = @{ Mode = 'Offline24'; ImageFormat = 'Png' }
    Examples    = @(
        @{ Code = 'Get-ChildItem ./out/*.xml | Protect-KsefInvoice -Certificate Offline2026 -OutputDirectory ./qr'; Remarks = 'Protects every invoice in ./out, writes the QR images to ./qr and queues the invoices for sending.' }
        @{ Code = 'Protect-KsefInvoice ./fv-0001.xml -Certificate Offline2026 -Mode Emergency -FailureEnd 2026-03-02 | Format-List'; Remarks = 'One invoice issued during a KSeF failure that ended on 2 March.' }
        @{ Code = '[System.IO.Directory]::EnumerateFiles("$PWD/out", "*.xml") | Protect-KsefInvoice -Certificate Offline2026'; Remarks = 'A very large folder, streamed as plain paths.' }
    )
}
