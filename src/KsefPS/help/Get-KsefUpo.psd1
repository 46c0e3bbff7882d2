@{
    Synopsis    = 'Saves the UPO (official receipt) of a session, or of each of its invoices.'
    Description = 'Waits until KSeF has processed the closed session, downloads its collective UPO (v4-3), checks it against the hash KSeF declares and writes UPO-<session reference>.xml into the folder (a large batch session''s UPO comes in pages: UPO-<reference>-1.xml, -2…). Piped Send-KsefInvoice results of one session give one UPO. A session that is still open, or in which no invoice was accepted, has none: UpoNotAvailable. With -PerInvoice each accepted invoice gets its own UPO, UPO-<KSeF number>.xml, to archive beside the invoice: the piped invoices (by SessionReferenceNumber and KsefNumber), or every accepted invoice of a session given alone. They are read from the session''s invoice list, whose links to each UPO take no token and are not rate-limited, so 10,000 invoices of a batch cost ten list requests; each UPO is checked against the hash KSeF declares. An invoice the session does not list as accepted (not processed yet, rejected, or of another session) is UpoNotAvailable for that invoice; the others are written.'
    Parameters  = @{
        SessionReferenceNumber = 'The session''s reference number; bound from Send-KsefInvoice, Get-KsefSessionInvoice or Get-KsefInvoiceSession results.'
        PerInvoice             = 'Save each accepted invoice''s own UPO (UPO-<KSeF number>.xml) instead of the session''s collective UPO.'
        KsefNumber             = 'With -PerInvoice: only these invoices of the session (bound from piped results); every accepted invoice when none is given.'
        OutputDirectory        = 'Where the UPO files go (created if missing).'
        Timeout                = 'How long to wait for KSeF to finish the session, as a TimeSpan or a number of seconds (default 120 s).'
        TimeoutSeconds         = 'The older form of -Timeout, in whole seconds (default 120); give one or the other.'
        Session                = 'The session from Connect-Ksef; by default the current one, or the one carried by the piped result.'
        StorePath              = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Send-KsefInvoice ./fv-1.xml -Wait | Get-KsefUpo -OutputDirectory ./upo'; Remarks = 'The UPO of the session that carried the invoice.' }
        @{ Code = 'Get-ChildItem ./billing/*.xml | Send-KsefInvoice -Wait | Get-KsefUpo -PerInvoice -OutputDirectory ./upo'; Remarks = 'Each invoice''s own UPO, named by its KSeF number, for the archive.' }
        @{ Code = 'Get-KsefInvoiceSession -Type Batch -CreatedFrom (Get-Date).Date | Get-KsefUpo -PerInvoice -OutputDirectory ./upo'; Remarks = 'Every accepted invoice''s UPO of today''s batch sessions.' }
    )
}
