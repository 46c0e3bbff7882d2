@{
    Synopsis    = 'Lists the context''s sending sessions (online and batch) as KSeF reports them, newest first.'
    Description = 'Reads GET /sessions page by page (continuation tokens) and streams each session: reference number, type, status code and description, dates, and the invoice counts once KSeF knows them (empty until then). The table, kept to 120 columns, shows the reference, type, date, status code and the counts of invoices and of failed ones; Format-List shows every property, StatusDescription and SuccessfulInvoiceCount among them. With InvoiceWrite KSeF lists only the sessions your own subject opened; Introspection or EnforcementOperations show every session of the context. Pipe the results to Get-KsefSessionInvoice to collect each invoice''s KSeF number or error, or to Get-KsefUpo for the session UPO. Without -Type both kinds are listed (one query each). The list is rate-limited by KSeF (sessionList: 10 a minute, 60 an hour); KsefPS paces itself.'
    Parameters  = @{
        Type            = 'Online, Batch, or both (default).'
        Status          = 'Only sessions in these states: InProgress, Succeeded, Failed, Cancelled.'
        ReferenceNumber = 'Only the session with this reference number.'
        CreatedFrom     = 'Sessions created at or after this time (local time unless the date says otherwise).'
        CreatedTo       = 'Sessions created at or before this time.'
        ClosedFrom      = 'Sessions closed at or after this time.'
        ClosedTo        = 'Sessions closed at or before this time.'
        ModifiedFrom    = 'Sessions with activity (an invoice or a status change) at or after this time.'
        ModifiedTo      = 'Sessions with activity at or before this time.'
        Session         = 'The session from Connect-Ksef; by default the current one.'
        StorePath       = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Get-KsefInvoiceSession -Type Batch -CreatedFrom (Get-Date).Date'; Remarks = 'Today''s batch sessions.' }
        @{ Code = 'Get-KsefInvoiceSession -Status Succeeded -CreatedFrom (Get-Date).AddHours(-2) | Get-KsefSessionInvoice'; Remarks = 'The KSeF numbers of everything sent in the last two hours.' }
    )
}
