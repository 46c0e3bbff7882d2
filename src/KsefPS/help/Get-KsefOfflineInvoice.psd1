@{
    Synopsis    = 'Lists the offline queue: protected invoices that must still be sent to KSeF, with their deadlines.'
    Description = 'Returns the invoices Protect-KsefInvoice recorded and KSeF has not numbered yet, earliest deadline first, with the time left (the deadline ends at midnight Polish time). -All includes those already sent; -Overdue shows only those past their deadline.'
    Parameters  = @{
        All       = 'Include invoices already sent (with their KSeF numbers).'
        Overdue   = 'Only invoices whose deadline has passed.'
        StorePath = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Get-KsefOfflineInvoice'; Remarks = 'What must still be sent, and by when.' }
        @{ Code = 'Get-KsefOfflineInvoice -Overdue | Measure-Object'; Remarks = 'How many invoices missed their deadline.' }
    )
}
