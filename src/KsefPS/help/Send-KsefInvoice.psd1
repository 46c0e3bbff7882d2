@{
    Synopsis    = 'Sends invoices to KSeF in one online session: checked locally, encrypted, and never sent twice.'
    Description = 'Each file is checked before anything leaves the machine: UTF-8 without a BOM, well-formed, at most 1 MB, a form code KSeF accepts, and valid against the XSD of that form (FA(2), FA(3)); a file that fails is a non-terminating InvoiceInvalid error and the rest go on. One online session per form code is opened on the first invoice and closed at the end, also when the pipeline is stopped or fails. Every invoice is encrypted with the session''s AES-256 key. After a 429 the request waits as KSeF asks; after a lost answer the session''s invoice list is asked before anything is sent again. Without -Wait each result says Sent with its reference number; with -Wait the session is closed, the cmdlet waits for KSeF and each result carries its KSeF number, or the error (InvoiceRejected with KSeF''s code) or, for a duplicate, the original''s KSeF number with a warning. Entries of the offline queue (Get-KsefOfflineInvoice) are sent with offlineMode, always waited for, and marked in the store with their KSeF numbers; a passed deadline is warned about.'
    Parameters  = @{
        Path               = 'Invoice files; wildcards allowed. Accepts pipeline input (strings, or files from Get-ChildItem).'
        LiteralPath        = 'Invoice files, taken literally. Bound from Get-ChildItem output by its PSPath.'
        OfflineInvoice     = 'Entries of the offline queue, from Get-KsefOfflineInvoice.'
        Offline            = 'Declare the invoices as issued offline (offlineMode); KSeF also marks an invoice Offline by itself when its issue date is before the day it arrives.'
        Wait               = 'Wait until KSeF has processed every invoice and report KSeF numbers, rejections and duplicates.'
        WaitTimeoutSeconds = 'How long -Wait waits for KSeF after the last invoice (default 300).'
        Session            = 'The session from Connect-Ksef; by default the current one.'
        StorePath          = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
        WhatIf             = 'Shows which invoices would be sent, after checking them, without sending.'
        Confirm            = 'Asks before each invoice.'
    }
    Examples    = @(
        @{ Code = 'Get-ChildItem ./outbox/*.xml | Send-KsefInvoice -Wait'; Remarks = 'Sends every invoice in the outbox and reports its KSeF number.' }
        @{ Code = 'Get-KsefOfflineInvoice | Send-KsefInvoice'; Remarks = 'Sends the offline queue and marks each entry with its KSeF number.' }
        @{ Code = 'Get-ChildItem ./outbox/*.xml | Send-KsefInvoice -Wait | Get-KsefUpo -OutputDirectory ./upo'; Remarks = 'Sends, waits, and saves the session''s UPO.' }
    )
}
