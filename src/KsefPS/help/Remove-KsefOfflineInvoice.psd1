@{
    Synopsis    = 'Takes invoices out of the offline queue: old sent ones, or one that was never issued to a buyer.'
    Description = @'
The offline queue keeps every invoice Protect-KsefInvoice recorded, sent ones too with their KSeF numbers, so that the
same invoice is never queued (and sent) twice; it grows by about 1 KB an invoice. -SentBefore takes out every invoice
marked sent before that time, in one step: a nightly job can keep, say, 90 days. Entries from Get-KsefOfflineInvoice
-All are taken out one by one (in transactions of 1,000), each from the store it was listed from.
An invoice KSeF has not received is kept, with the error OfflineInvoiceNotSent: an invoice issued offline must reach
KSeF by its deadline. -Force takes it out anyway, for one that was protected by mistake and never issued to a buyer. An
entry that is no longer there is OfflineInvoiceNotFound. Once taken out, the same invoice protected again is queued
anew (Send-KsefInvoice still finds, in its 30-day journal and in KSeF's duplicate answer, what KSeF already has).
Nothing is sent to KSeF. ConfirmImpact Medium: -Confirm asks first, -WhatIf shows what would go.
'@
    Parameters  = @{
        InputObject = 'Queue entries, from Get-KsefOfflineInvoice (-All for sent ones). Each is looked up by its Id in the store it came from, unless -StorePath names another.'
        Force       = 'Also take out an invoice KSeF has not received (OfflineInvoiceNotSent without it): only for one never issued to a buyer.'
        SentBefore  = 'Take out every invoice marked sent (with a KSeF number) before this time; a time without an offset is local. Invoices not sent stay.'
        StorePath   = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default (with -InputObject: instead of the store each entry came from). Where there is no store none is made.'
    }
    Examples    = @(
        @{ Code = 'Remove-KsefOfflineInvoice -SentBefore (Get-Date).AddDays(-90)'; Remarks = 'Keeps the last 90 days of sent invoices; a nightly job''s housekeeping.' }
        @{ Code = 'Get-KsefOfflineInvoice -All | Where-Object KsefNumber | Remove-KsefOfflineInvoice -WhatIf'; Remarks = 'Shows every sent invoice that would go.' }
        @{ Code = 'Get-KsefOfflineInvoice | Where-Object Path -like ''*/test/*'' | Remove-KsefOfflineInvoice -Force'; Remarks = 'Takes out invoices protected by mistake from a test folder, never issued to anyone.' }
    )
}
