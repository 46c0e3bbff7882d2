@{
    Synopsis    = 'Lists the invoices of a sending session with their status, KSeF number or error.'
    Description = 'Reads GET /sessions/{ref}/invoices (or /invoices/failed with -Failed) page by page, 1,000 at a time, and streams each invoice: ordinal number, invoice number, file name in a batch package, hash, status code and description (with KSeF''s details), KSeF number, acquisition date and invoicing mode; and Path, the file it was sent from, when this machine''s send journal has the session (kept 30 days; KSeF itself names no file of an online session). Takes the session from Get-KsefInvoiceSession or from Send-KsefInvoice results (each session is read once), so a runbook can send now and collect the KSeF numbers later. The list is rate-limited by KSeF (sessionInvoiceList: 20 a minute, 200 an hour); KsefPS paces itself.'
    Parameters  = @{
        SessionReferenceNumber = 'The sending session''s reference number; bound by property name from pipeline input.'
        Failed                 = 'Only the invoices KSeF rejected.'
        Session                = 'The session from Connect-Ksef; by default the current one.'
        StorePath              = 'The store whose send journal names the files (Path); instead of $env:KSEFPS_STORE or the per-user default. A store that is not there is not made.'
    }
    Examples    = @(
        @{ Code = 'Get-KsefInvoiceSession -Type Batch -Status Succeeded | Get-KsefSessionInvoice | Where-Object Code -ne 200'; Remarks = 'Every invoice KSeF did not accept in successful batch sessions.' }
        @{ Code = '$sent = Get-ChildItem ./billing/*.xml | Send-KsefInvoice; $sent | Get-KsefSessionInvoice | Select-Object Path, KsefNumber'; Remarks = 'Collects the KSeF numbers of a run sent without -Wait.' }
    )
}
