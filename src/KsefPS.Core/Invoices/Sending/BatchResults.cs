using KsefPS.Core.Sessions;
using KsefPS.Core.Store;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>
/// A batch session's verdicts, streamed: KSeF's invoice list is read page by page and each entry joined with its file
/// in the send journal, emitted and recorded as it goes, so memory stays flat however many invoices a session holds.
/// </summary>
internal static class BatchResults
{
    /// <summary>Waits until the session's status is final (100 after a close: KSeF has not started yet; 150: processing).</summary>
    public static Task<SessionStatus> WaitAsync(KsefSession ksef, string reference, TimeSpan timeout, Action<string>? narrate, CancellationToken cancellation) =>
        Api.StatusPolling.UntilAsync(() => SessionResults.StatusAsync(ksef, reference, cancellation, narrate), s => s.IsFinal, timeout, cancellation);

    /// <summary>KSeF took none of the package: cancelled (440) or failed as a whole (405, 415, 420, 430, 435, 500).</summary>
    public static bool TookNothing(SessionStatus status) => status.IsFinal && status.Code is not (200 or 445);

    /// <summary>
    /// Emits one result per journalled file of the session: KSeF's verdict where its list has one; where it has none, the
    /// session's failure when the session is final, else "Sent" (the wait ran out). Records every verdict in the journal.
    /// </summary>
    public static async Task EmitAsync(KsefSession ksef, SendJournal journal, string reference, bool offlineMode, SessionStatus status,
        Action<SentInvoice> emit, Action<string>? narrate, CancellationToken cancellation)
    {
        var emitted = new HashSet<int>();
        var page = new List<SentInvoice>(SessionResults.PageSize);
        void Flush(bool done)
        {
            journal.Record(reference, page, done);
            page.ForEach(emit);
            page.Clear();
        }
        if (!TookNothing(status))
        {
            await foreach (var verdict in SessionResults.InvoicesAsync(ksef, reference, failedOnly: false, cancellation, narrate).ConfigureAwait(false))
            {
                if (journal.Store.FindJournalItem(reference, verdict.FileName, verdict.Hash) is not { } item || !emitted.Add(item.Ordinal))
                {
                    continue;
                }
                var result = ResultOf(ksef, reference, offlineMode, item);
                result.Apply(verdict);
                page.Add(result);
                if (page.Count == SessionResults.PageSize)
                {
                    Flush(done: false);
                }
            }
        }
        Flush(done: false);
        foreach (var item in journal.Store.JournalItemsOf(reference, withoutVerdictOnly: true).Where(i => !emitted.Contains(i.Ordinal)))
        {
            var result = ResultOf(ksef, reference, offlineMode, item);
            if (status.IsFinal)
            {
                result.ApplySessionFailure(status.Code, status.Description, status.Details);
            }
            page.Add(result);
        }
        Flush(done: status.IsFinal);
    }

    public static SentInvoice ResultOf(KsefSession ksef, string reference, bool offlineMode, JournalItem item, string kind = JournalSession.Batch)
    {
        var result = SentInvoices.Create(ksef, item.Path, item.Hash, item.InvoiceNumber, item.SellerNip, reference, kind,
            new SendRequest(offlineMode || item.OfflineInvoiceId is not null, item.CorrectedHash, item.OfflineInvoiceId), item.IssueDate);
        result.ReferenceNumber = item.InvoiceReference;
        result.JournalOrdinal = item.Ordinal;
        return result;
    }
}
