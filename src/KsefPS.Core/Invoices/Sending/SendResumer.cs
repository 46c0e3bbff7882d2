using KsefPS.Core.Errors;
using KsefPS.Core.Sessions;
using KsefPS.Core.Store;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>
/// Finishes what a killed or failed run left in the send journal (Send-KsefInvoice -Resume), for the current API and
/// context. A batch session not closed gets its parts uploaded again and closed while its upload window lasts;
/// otherwise it is left to expire and its invoices are sent anew. An online session is closed, and only the invoices
/// KSeF does not have are sent again. Never an invoice twice: KSeF's own list is asked first, and its duplicate answer
/// (440) reports the original's KSeF number.
/// </summary>
public sealed class SendResumer(KsefSession session, SendJournal journal, SendOptions options)
{
    private const int SessionNotFound = 21173;

    public async Task<IReadOnlyList<SentInvoice>> ResumeAsync(string workDirectory, Action<string>? narrate, Action<SendProgress>? progress,
        CancellationToken cancellation)
    {
        var results = new List<SentInvoice>();
        var again = new List<JournalItem>();
        using var sender = new InvoiceSender(session, options, workDirectory, journal);
        var unfinished = journal.Unfinished();
        narrate?.Invoke(unfinished.Count == 0 ? "The send journal has nothing unfinished for this context." : $"{unfinished.Count} unfinished session(s) in the send journal.");
        foreach (var entry in unfinished)
        {
            progress?.Invoke(new SendProgress($"Finishing {entry.Reference}", -1));
            var items = journal.Store.JournalItemsOf(entry.Reference);
            var status = await StatusOrNullAsync(entry.Reference, narrate, cancellation).ConfigureAwait(false);
            if (entry.Kind == JournalSession.Batch && status is { Code: 100 }
                && !await CompleteUploadAsync(entry, narrate, cancellation).ConfigureAwait(false))
            {
                status = null;
            }
            if (status is null)
            {
                narrate?.Invoke($"Session {entry.Reference} will not deliver its {items.Count} invoice(s); they are sent again.");
                again.AddRange(items);
                journal.Done(entry.Reference);
                Clean(entry);
                continue;
            }
            if (entry.Kind == JournalSession.Online && status.Code == 100)
            {
                await CloseOnlineAsync(entry.Reference, narrate, cancellation).ConfigureAwait(false);
            }
            var (final, invoices) = await SessionResults.WaitAsync(session, entry.Reference, options.WaitTimeout, narrate, cancellation).ConfigureAwait(false);
            if (entry.Kind == JournalSession.Batch && final.IsFinal && invoices.Count == 0)
            {
                // Cancelled (440) or failed as a whole (405, 415, 430, 435): KSeF took none of its invoices.
                narrate?.Invoke($"Batch session {entry.Reference} ended with {final} and took no invoice; they are sent again.");
                again.AddRange(items);
                journal.Done(entry.Reference);
                Clean(entry);
                continue;
            }
            var ofSession = items.Select(i => ResultOf(entry, i)).ToList();
            SessionResultMatching.Match(items.Select(i => (i.EntryName, i.Hash)).ToList(), ofSession, final, invoices);
            for (var i = 0; i < items.Count; i++)
            {
                // Online, an invoice KSeF has no trace of never arrived: it goes again.
                if (entry.Kind == JournalSession.Online && invoices.All(s => s.Hash != items[i].Hash))
                {
                    again.Add(items[i]);
                    ofSession[i] = null!;
                }
            }
            ofSession.RemoveAll(r => r is null);
            journal.Record(entry.Reference, ofSession, done: final.IsFinal);
            if (!final.IsFinal)
            {
                journal.Done(entry.Reference); // what did not arrive goes again; what did is followed by Get-KsefSessionInvoice
            }
            results.AddRange(ofSession);
            Clean(entry);
        }
        if (again.Count > 0)
        {
            results.AddRange(await SendAgainAsync(sender, again, narrate, progress, cancellation).ConfigureAwait(false));
        }
        return results;
    }

    private async Task<IReadOnlyList<SentInvoice>> SendAgainAsync(InvoiceSender sender, List<JournalItem> items, Action<string>? narrate,
        Action<SendProgress>? progress, CancellationToken cancellation)
    {
        var failures = new List<SentInvoice>();
        foreach (var item in items)
        {
            InvoiceFile invoice;
            try
            {
                invoice = InvoiceFile.Read(item.Path);
            }
            catch (KsefException e)
            {
                failures.Add(Failed(item, $"cannot be read again: {e.Message}"));
                continue;
            }
            if (invoice.Hash != item.Hash)
            {
                failures.Add(Failed(item, "changed since it was sent (its hash differs); it was not sent again"));
                continue;
            }
            await sender.AddAsync(invoice, new SendRequest(item.OfflineInvoiceId is not null, item.CorrectedHash, item.OfflineInvoiceId), narrate, progress, cancellation)
                .ConfigureAwait(false);
        }
        var sent = await sender.FinishAsync(wait: true, narrate, progress, cancellation).ConfigureAwait(false);
        return [.. sent, .. failures];
    }

    /// <summary>Uploads a batch's parts again (storage takes a part twice) and closes it, while its window lasts.</summary>
    private async Task<bool> CompleteUploadAsync(JournalSession entry, Action<string>? narrate, CancellationToken cancellation)
    {
        var (cipher, uploads) = journal.OpenSecret(entry.Reference);
        using (cipher)
        {
            if (entry.UploadUntil is not { } until || DateTimeOffset.UtcNow >= until - TimeSpan.FromMinutes(1) || uploads.Any(u => !File.Exists(u.Part.FilePath)))
            {
                return false;
            }
            var batchSender = new BatchSender(session, options);
            try
            {
                await batchSender.UploadAsync(uploads, null, narrate, cancellation).ConfigureAwait(false);
                await batchSender.CloseAsync(entry.Reference, narrate, cancellation).ConfigureAwait(false);
            }
            catch (KsefException e) when (e.ErrorId == ErrorIds.BatchUploadFailed || e.Server?.HttpStatus == 400)
            {
                narrate?.Invoke($"Session {entry.Reference} could not be completed ({e.Message}).");
                return false;
            }
            journal.Closed(entry.Reference);
            return true;
        }
    }

    private async Task CloseOnlineAsync(string reference, Action<string>? narrate, CancellationToken cancellation)
    {
        try
        {
            await session.SendAsync(HttpMethod.Post, $"sessions/online/{reference}/close", cancellation, narrate: narrate).ConfigureAwait(false);
            narrate?.Invoke($"Closed the online session {reference} the interrupted run left open.");
        }
        catch (KsefException e) when (e.Server?.HttpStatus == 400)
        {
        }
    }

    private async Task<SessionStatus?> StatusOrNullAsync(string reference, Action<string>? narrate, CancellationToken cancellation)
    {
        try
        {
            return await SessionResults.StatusAsync(session, reference, cancellation, narrate).ConfigureAwait(false);
        }
        catch (KsefException e) when (e.Server?.FirstCode == SessionNotFound)
        {
            return null;
        }
    }

    private SentInvoice ResultOf(JournalSession entry, JournalItem item)
    {
        var result = SentInvoices.Create(session, item.Path, item.Hash, item.InvoiceNumber, item.SellerNip, entry.Reference, entry.Kind,
            new SendRequest(entry.OfflineMode || item.OfflineInvoiceId is not null, item.CorrectedHash, item.OfflineInvoiceId));
        result.ReferenceNumber = item.InvoiceReference;
        result.JournalOrdinal = item.Ordinal;
        return result;
    }

    private SentInvoice Failed(JournalItem item, string why)
    {
        var result = SentInvoices.Create(session, item.Path, item.Hash, item.InvoiceNumber, item.SellerNip, "", "", new SendRequest(false));
        result.Status = SendStatus.Rejected;
        result.StatusCode = 0;
        result.Error = $"'{item.Path}' {why}.";
        return result;
    }

    /// <summary>The encrypted parts of a finished session are not needed any more.</summary>
    private static void Clean(JournalSession entry)
    {
        if (entry.PartsDirectory is { } directory && Directory.Exists(directory))
        {
            try
            {
                Directory.Delete(directory, recursive: true);
                var run = Path.GetDirectoryName(directory);
                if (run is not null && Directory.Exists(run) && !Directory.EnumerateFileSystemEntries(run).Any())
                {
                    Directory.Delete(run);
                }
            }
            catch (IOException)
            {
            }
        }
    }
}
