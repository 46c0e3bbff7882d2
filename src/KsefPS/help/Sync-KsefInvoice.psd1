@{
    Synopsis    = 'Incremental download of invoices since the last run, safe to schedule.'
    Description = 'Downloads every invoice that reached KSeF''s permanent storage since the high-water mark kept in the store for this environment, context and subject type, up to the mark KSeF reports now (BRIEF §8.4), and then stores that mark. It uses export packages (up to 10,000 invoices each, encrypted with a key made for the export, every part and every invoice checked against its hash), as KSeF recommends for volume; a truncated package continues from its last record, and a mark older than three months is caught up window by window. Idempotent: a second run fetches only what is new. A run killed midway is completed by the next (files already written and matching are skipped). Two runs on one folder and subject type do not overlap: the second waits up to -LockTimeout, then fails with SyncInProgress. On production KSeF asks for at most one sync per subject type every 15 minutes and logs clients that poll more often: a run sooner than that after the last one warns (and still runs).'
    Parameters  = @{
        OutputDirectory    = 'Where the invoices go, one <ksefNumber>.xml each.'
        SubjectType        = 'Whose invoices: Buyer (received, the default), Seller, Third, Authorized. KSeF''s names are taken too: Subject1 (Seller), Subject2 (Buyer), Subject3 (Third), SubjectAuthorized (Authorized).'
        Since              = 'Where the first run starts (default 30 days ago); later runs start at the stored mark. A date in the future is RangeInvalid.'
        LockTimeout        = 'How long to wait for another run on the same folder to finish, as a TimeSpan or a number of seconds (default 30 s).'
        LockTimeoutSeconds = 'The older form of -LockTimeout, in whole seconds (default 30); give one or the other.'
        Session            = 'The session from Connect-Ksef; by default the current one.'
        StorePath          = 'The store file that keeps the high-water marks.'
    }
    Examples    = @(
        @{ Code = 'Sync-KsefInvoice -OutputDirectory ./inbox'; Remarks = 'Run every hour from a scheduled task after Connect-Ksef.' }
    )
}
