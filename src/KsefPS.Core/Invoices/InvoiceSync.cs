using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Security;
using KsefPS.Core.Sessions;
using KsefPS.Core.Store;

namespace KsefPS.Core.Invoices;

/// <summary>
/// Incremental download on permanent-storage dates up to KSeF's high-water mark (BRIEF §8.4), by export packages of up
/// to 10,000 invoices (§8.3), the way KSeF recommends for volume. The mark in the store only moves past invoices whose
/// files are written, so a run killed midway is completed by the next one: what is already on disk and matches is
/// skipped, nothing is lost. One run per folder and subject type at a time (a lock file).
/// </summary>
public static class InvoiceSync
{
    /// <summary>
    /// limity-api.md, przyrostowe-pobieranie-faktur.md: on production, invoices should be polled at most this often per
    /// subject type; KSeF logs and analyses clients that poll more often.
    /// </summary>
    public static readonly TimeSpan ShortestProductionInterval = TimeSpan.FromMinutes(15);

    /// <summary>How long ago the last sync of <paramref name="subject"/> in the session's context ended, when that is sooner than production allows.</summary>
    public static TimeSpan? TooSoonAfterLast(KsefSession session, KsefStore store, SubjectType subject)
    {
        if (session.Environment != KsefEnvironment.Production
            || store.GetSyncMarkMoved(session.Environment, session.Context.ToString(), subject.ToString()) is not { } last)
        {
            return null;
        }
        var since = DateTimeOffset.UtcNow - last;
        return since < ShortestProductionInterval ? since : null;
    }

    public static async Task<SyncResult> RunAsync(KsefSession session, KsefStore store, string directory, SubjectType subject, DateTimeOffset firstFrom,
        TimeSpan lockTimeout, Action<string>? progress, CancellationToken cancellation)
    {
        OutputFolder.Ensure(directory);
        using var held = await LockAsync(Path.Combine(directory, $".ksefps-sync-{subject}.lock"), lockTimeout, cancellation).ConfigureAwait(false);
        // Downloads a killed run did not finish (they are fetched again). Recent ones may belong to a Save-KsefInvoice
        // writing into the same folder right now: those are left alone.
        foreach (var leftover in Directory.EnumerateFiles(directory, AtomicFile.PartialFilePattern))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(leftover) > TimeSpan.FromMinutes(1))
            {
                File.Delete(leftover);
            }
        }
        var context = session.Context.ToString();
        var stored = store.GetSyncMark(session.Environment, context, subject.ToString());
        var start = stored ?? firstFrom;
        progress?.Invoke(stored is null
            ? FormattableString.Invariant($"First sync of {subject} invoices in {context} into {directory}: from {start:yyyy-MM-dd HH:mm:ss} UTC.")
            : FormattableString.Invariant($"Sync of {subject} invoices in {context} into {directory}: from the stored high-water mark {start:yyyy-MM-dd HH:mm:ss} UTC."));
        var from = start;
        int downloaded = 0, present = 0;
        var handled = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            // KSeF takes at most three months a query: a mark older than that is caught up window by window.
            DateTimeOffset? windowEnd = DateTimeOffset.UtcNow > QueryWindow.LatestEnd(from) ? QueryWindow.LatestEnd(from) : null;
            var filter = new InvoiceFilter(subject, InvoiceDateType.PermanentStorage, from, windowEnd) { RestrictToHighWaterMark = true };
            var package = await InvoiceExport.SaveAsync(session, filter, directory, handled, progress, cancellation).ConfigureAwait(false);
            downloaded += package.Downloaded;
            present += package.AlreadyPresent;
            progress?.Invoke($"{downloaded} downloaded, {present} already present");
            DateTimeOffset next;
            if (package.IsTruncated)
            {
                next = package.LastPermanentStorageDate ?? throw new KsefException(ErrorIds.KsefAnswerInvalid, KsefErrorKind.InvalidData,
                    "KSeF truncated an export without naming its last record; the sync cannot know where to go on.");
                if (next == from)
                {
                    throw new KsefException(ErrorIds.QueryWindowFull, KsefErrorKind.InvalidOperation,
                        $"More invoices than one package holds share the storage date {from:O}; KSeF cannot page past them.", from);
                }
            }
            else if (windowEnd is { } end)
            {
                next = end;
            }
            else
            {
                var mark = package.HighWaterMark ?? from;
                store.SetSyncMark(session.Environment, context, subject.ToString(), mark);
                return new SyncResult(subject, directory, downloaded, present, start, mark);
            }
            // Everything before `next` is on disk: a run killed from here on resumes there.
            from = next;
            store.SetSyncMark(session.Environment, context, subject.ToString(), from);
        }
    }

    private static async Task<FileStream> LockAsync(string path, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellation).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new KsefException(ErrorIds.SyncInProgress, KsefErrorKind.ResourceUnavailable,
                    $"Another Sync-KsefInvoice is downloading {path.Replace(".lock", "")} and did not finish within {timeout.TotalSeconds:0} s.", path, e);
            }
        }
    }
}
