using KsefPS.Core.Environments;
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

    public async Task ResumeAsync(string workDirectory, Action<SentInvoice> emit, Action<string>? narrate, Action<SendProgress>? progress,
        CancellationToken cancellation)
    {
        var again = new List<JournalItem>();
        using var sender = new InvoiceSender(session, options, workDirectory, journal);
        var unfinished = journal.Unfinished();
        narrate?.Invoke(unfinished.Count == 0 ? "The send journal has nothing unfinished for this context." : $"{unfinished.Count} unfinished session(s) in the send journal.");
        foreach (var entry in unfinished)
        {
            progress?.Invoke(new SendProgress($"Finishing {entry.Reference}", -1));
            if (entry.Kind == JournalSession.Batch)
            {
                again.AddRange(await FinishBatchAsync(entry, emit, narrate, cancellation).ConfigureAwait(false));
            }
            else
            {
                again.AddRange(await FinishOnlineAsync(entry, emit, narrate, cancellation).ConfigureAwait(false));
            }
            Clean(entry);
        }
        if (again.Count > 0)
        {
            await SendAgainAsync(sender, again, emit, narrate, progress, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Completes, waits for and reports a batch session; returns its invoices when KSeF will take none of them.</summary>
    private async Task<IReadOnlyList<JournalItem>> FinishBatchAsync(JournalSession entry, Action<SentInvoice> emit, Action<string>? narrate, CancellationToken cancellation)
    {
        var status = await StatusOrNullAsync(entry.Reference, narrate, cancellation).ConfigureAwait(false);
        // Still open and not closed by us: upload and close it now, or give it up. Closed by us: KSeF has it, only wait.
        if (status is { Code: 100 } && entry.State != JournalSession.Closed && !await CompleteUploadAsync(entry, narrate, cancellation).ConfigureAwait(false))
        {
            status = null;
        }
        if (status is not null)
        {
            status = await BatchResults.WaitAsync(session, entry.Reference, options.WaitTimeout, narrate, cancellation).ConfigureAwait(false);
        }
        if (status is null || BatchResults.TookNothing(status))
        {
            narrate?.Invoke($"Batch session {entry.Reference} " + (status is null ? "cannot deliver its invoices any more" : $"ended with {status} and took none of its invoices") +
                "; they are sent again.");
            journal.Done(entry.Reference);
            return journal.Store.JournalItemsOf(entry.Reference);
        }
        await BatchResults.EmitAsync(session, journal, entry.Reference, entry.OfflineMode, status, emit, narrate, cancellation).ConfigureAwait(false);
        if (!status.IsFinal)
        {
            journal.Done(entry.Reference); // still processing after the wait: Get-KsefSessionInvoice follows it from here
        }
        return [];
    }

    /// <summary>Closes an online session left open and reports what KSeF has; returns the invoices it never received.</summary>
    private async Task<IReadOnlyList<JournalItem>> FinishOnlineAsync(JournalSession entry, Action<SentInvoice> emit, Action<string>? narrate, CancellationToken cancellation)
    {
        var items = journal.Store.JournalItemsOf(entry.Reference);
        var status = await StatusOrNullAsync(entry.Reference, narrate, cancellation).ConfigureAwait(false);
        if (status is null)
        {
            journal.Done(entry.Reference);
            return items;
        }
        if (status.Code == 100)
        {
            await CloseOnlineAsync(entry.Reference, narrate, cancellation).ConfigureAwait(false);
        }
        var (final, invoices) = await SessionResults.WaitAsync(session, entry.Reference, options.WaitTimeout, narrate, cancellation).ConfigureAwait(false);
        var arrived = items.Where(i => invoices.Any(s => s.Hash == i.Hash)).ToList();
        var results = arrived.Select(i => BatchResults.ResultOf(session, entry.Reference, entry.OfflineMode, i, JournalSession.Online)).ToList();
        SessionResultMatching.ByHash(results, invoices);
        journal.Record(entry.Reference, results, done: true);
        results.ForEach(emit);
        return items.Except(arrived).ToList();
    }

    private async Task SendAgainAsync(InvoiceSender sender, List<JournalItem> items, Action<SentInvoice> emit, Action<string>? narrate,
        Action<SendProgress>? progress, CancellationToken cancellation)
    {
        foreach (var item in items)
        {
            InvoiceFile invoice;
            try
            {
                invoice = InvoiceFile.Read(item.Path, nipControlDigit: KsefEnvironmentInfo.For(session.Environment).ChecksNipControlDigits);
            }
            catch (KsefException e)
            {
                emit(Failed(item, $"cannot be read again: {e.Message}"));
                continue;
            }
            if (invoice.Hash != item.Hash)
            {
                emit(Failed(item, "changed since it was sent (its hash differs); it was not sent again"));
                continue;
            }
            await sender.AddAsync(invoice, new SendRequest(item.OfflineInvoiceId is not null, item.CorrectedHash, item.OfflineInvoiceId), narrate, progress, cancellation)
                .ConfigureAwait(false);
        }
        await sender.FinishAsync(wait: true, emit, narrate, progress, cancellation).ConfigureAwait(false);
    }

    /// <summary>Uploads a batch's parts again (storage takes a part twice) and closes it, while its window lasts.</summary>
    private async Task<bool> CompleteUploadAsync(JournalSession entry, Action<string>? narrate, CancellationToken cancellation)
    {
        var uploads = journal.OpenUploads(entry.Reference);
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

    private SentInvoice Failed(JournalItem item, string why)
    {
        var result = SentInvoices.Create(session, item.Path, item.Hash, item.InvoiceNumber, item.SellerNip, "", "", new SendRequest(false), item.IssueDate);
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
