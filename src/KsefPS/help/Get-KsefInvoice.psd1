@{
    Synopsis    = 'Lists invoices in KSeF by their metadata, every page, streamed.'
    Description = 'Runs the metadata query with the filters given and writes each invoice as it arrives, paging transparently (250 a page), in windows of at most three months, and moving the window to the last record''s date when KSeF truncates a result at 10,000 records (records on the boundary are not repeated). Each result carries KSeF''s metadata (numbers and dates, seller, buyer and the kind of its identifier, third subjects and the authorized subject, amounts, form, self-invoicing, attachment, and for a technical correction the hash of the invoice it corrects) and its session, so Save-KsefInvoice needs nothing else.'
    Parameters  = @{
        SubjectType   = 'Whose invoices: Buyer (received, the default), Seller (issued), Third (as a third subject), Authorized. KSeF''s names are taken too: Subject1 (Seller), Subject2 (Buyer), Subject3 (Third), SubjectAuthorized (Authorized).'
        From          = 'Start of the date range (default 30 days ago); a date without a time zone is local time. After -To, or in the future without -To, is RangeInvalid. A range longer than KSeF''s three months is asked for three months at a time.'
        To            = 'End of the date range (default now).'
        DateType      = 'Which date the range applies to: PermanentStorage (default), Invoicing or Issue.'
        KsefNumber    = 'Only the invoice with this KSeF number (checked first: KsefNumberInvalid).'
        InvoiceNumber = 'Only invoices with this number (P_2).'
        SellerNip     = 'Only invoices of this seller: a NIP, dashes allowed (NipInvalid otherwise).'
        BuyerNip      = 'Only invoices to this buyer, by NIP, dashes allowed (NipInvalid otherwise).'
        BuyerVatUe    = 'Only invoices to this EU buyer: the VAT number with its country code, as on the invoice (DE123456789).'
        BuyerOtherId  = 'Only invoices to a buyer named by another identifier (the invoice''s NrID).'
        BuyerWithoutIdentifier = 'Only invoices whose buyer has no identifier (BrakID). One buyer filter at a time: two are ParameterConflict.'
        Currency      = 'Only invoices in these currencies (ISO codes, any case; codes KSeF adds later are passed on).'
        InvoicingMode = 'Only invoices sent Online or Offline.'
        InvoiceType   = 'Only these kinds (Vat, Kor, Zal, ...).'
        MinimumAmount = 'Only invoices whose amount (see -AmountType) is at least this; above -MaximumAmount is RangeInvalid.'
        MaximumAmount = 'Only invoices whose amount (see -AmountType) is at most this.'
        AmountType    = 'Which amount -MinimumAmount and -MaximumAmount bound: Brutto (default), Netto or Vat.'
        FormType      = 'Only invoices of this structure: FA, PEF or FA_RR.'
        HasAttachment = 'Only invoices with ($true) or without ($false) an attachment.'
        SelfInvoicing = 'Only self-invoiced ($true) or other ($false) invoices.'
        Session       = 'The session from Connect-Ksef; by default the current one.'
        StorePath     = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Get-KsefInvoice -SubjectType Buyer -From (Get-Date).AddDays(-7)'; Remarks = 'Invoices received in the last week.' }
        @{ Code = 'Get-KsefInvoice -SubjectType Buyer | Save-KsefInvoice -OutputDirectory ./inbox'; Remarks = 'Downloads them.' }
        @{ Code = 'Get-KsefInvoice -SubjectType Seller -DateType Issue -From (Get-Date).Date.AddDays(-30) | Select-Object KsefNumber, InvoiceNumber, IssueDate, BuyerIdentifier, BuyerName, GrossAmount, Currency, ThirdSubjects | Export-Csv ./issued.csv'; Remarks = 'The invoices issued in the last 30 days, for the accountant; each invoice''s third subjects are written as text (identifier, name and role, separated by "; ").' }
    )
}
