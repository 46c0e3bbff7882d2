@{
    Synopsis    = 'Lists the offline queue: protected invoices that must still be sent to KSeF, with their deadlines.'
    Description = 'Returns the invoices Protect-KsefInvoice recorded and KSeF has not numbered yet, earliest deadline first, with the time left (the deadline ends at midnight Polish time). -All includes those already sent (they stay in the queue until Remove-KsefOfflineInvoice takes them out); -Overdue shows only those past their deadline.'
    Parameters  = @{
        All       = 'Include invoices already sent (with their KSeF numbers).'
        Overdue   = 'Only invoices whose deadline has passed.'
        Refresh   = 'Asks Latarnia first and moves the deadlines its announcements move: a failure announced while a deadline runs makes it 7 business days after that failure ends (still lasting: at least 7 business days from today), an Offline invoice issued during a maintenance is due the business day after it ends, a total failure lifts the obligation. DeadlineReason says why. Latarnia unreachable: KsefStatusUnknown warning, deadlines unchanged.'
        StatusUrl = 'With -Refresh: the status service to ask instead of the environment''s Latarnia (with a session to another API, such as the emulator, that host is asked by default).'
        Timeout   = 'With -Refresh: how long to wait for the status service (default 10 s).'
        StorePath = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default. This command only reads: where there is no store it makes none, shows nothing and warns with the path it looked at (a mistyped path is not taken for an empty store).'
    }
    Examples    = @(
        @{ Code = 'Get-KsefOfflineInvoice'; Remarks = 'What must still be sent, and by when.' }
        @{ Code = 'Get-KsefOfflineInvoice -Overdue | Measure-Object'; Remarks = 'How many invoices missed their deadline.' }
        @{ Code = 'Get-KsefOfflineInvoice -Refresh | Select-Object InvoiceNumber, Mode, Deadline, DeadlineReason'; Remarks = 'After Latarnia announced a failure''s end: the emergency deadlines counted from it.' }
    )
}
