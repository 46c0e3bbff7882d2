@{
    Synopsis    = 'Downloads invoices by KSeF number into <ksefNumber>.xml, checked and written atomically.'
    Description = 'Downloads each invoice, checks its SHA-256 against the hash from the metadata (when piped from Get-KsefInvoice) and against the x-ms-meta-hash KSeF sends, and writes it aside before renaming it into place, so a file is whole or absent. A file already there with the right hash is skipped (Skipped = True). One request per invoice is the path KSeF limits most (by default 16 a minute and 64 an hour) and means it for low volumes: past 16 invoices in one call a warning says so, and Sync-KsefInvoice, which downloads export packages, is the way for more.'
    Parameters  = @{
        KsefNumber      = 'KSeF numbers; bound from Get-KsefInvoice results.'
        Hash            = 'The SHA-256 (Base64) the invoice must have; bound from Get-KsefInvoice results.'
        OutputDirectory = 'Where the files go (created if missing).'
        Session         = 'The session from Connect-Ksef; by default the current one, or the one carried by the piped result.'
        StorePath       = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Get-KsefInvoice -SubjectType Buyer | Save-KsefInvoice -OutputDirectory ./inbox'; Remarks = 'Downloads received invoices.' }
        @{ Code = 'Save-KsefInvoice 5265877635-20260101-0123456789AB-12 -OutputDirectory ./inbox'; Remarks = 'One invoice by number.' }
    )
}
