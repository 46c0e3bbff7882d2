using KsefPS.Core.Errors;
using KsefPS.Core.Sessions;
using KsefPS.Core.Store;

namespace KsefPS.Core.Invoices;

/// <summary>What one Sync-KsefInvoice run did.</summary>
public sealed record SyncResult(SubjectType SubjectType, string OutputDirectory, int Downloaded, int AlreadyPresent, DateTimeOffset From, DateTimeOffset HighWaterMark);

/// <summary>
/// Incremental download on permanent-storage dates up to KSeF's high-water mark (BRIEF §8.4). The mark in the store only
/// moves past invoices whose files are written, so a run killed midway is completed by the next one: what is already on
/// disk and matches is skipped, nothing is lost. One run per folder and subject type at a time (a lock file).
/// </summary>
public static class InvoiceSync
{
    public static async Task<SyncResult> RunAsync(KsefSession session, KsefStore store, string directory, SubjectType subject, DateTimeOffset firstFrom,
        TimeSpan lockTimeout, Action<string>? progress, CancellationToken cancellation)
    {
        Directory.CreateDirectory(directory);
        using var held = await LockAsync(Path.Combine(directory, $".ksefps-sync-{subject}.lock"), lockTimeout, cancellation).ConfigureAwait(false);
        // Downloads a killed run did not finish (they are fetched again). Recent ones may belong to a Save-KsefInvoice
        // writing into the same folder right now: those are left alone.
        foreach (var leftover in Directory.EnumerateFiles(directory, InvoiceDownloader.PartialFilePattern))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(leftover) > TimeSpan.FromMinutes(1))
            {
                File.Delete(leftover);
            }
        }
        var context = session.Context.ToString();
        var from = store.GetSyncMark(session.Environment, context, subject.ToString()) ?? firstFrom;
        var filter = new InvoiceFilter(subject, InvoiceDateType.PermanentStorage, from) { RestrictToHighWaterMark = true };
        int downloaded = 0, present = 0;
        DateTimeOffset? hwm = null;
        void OnPage(InvoiceQuery.PageInfo page)
        {
            hwm = page.HighWaterMark ?? hwm;
            if (page.WindowMovedTo is { } moved)
            {
                // Everything before the boundary is on disk: a crash from here on resumes at the boundary.
                store.SetSyncMark(session.Environment, context, subject.ToString(), moved);
            }
        }
        await foreach (var invoice in InvoiceQuery.RunAsync(session, filter, OnPage, cancellation).ConfigureAwait(false))
        {
            var saved = await InvoiceDownloader.SaveAsync(session, invoice.KsefNumber, invoice.Hash, directory, cancellation).ConfigureAwait(false);
            if (saved.Skipped)
            {
                present++;
            }
            else
            {
                downloaded++;
            }
            if ((downloaded + present) % 100 == 0)
            {
                progress?.Invoke($"{downloaded} downloaded, {present} already present");
            }
        }
        var mark = hwm ?? from;
        store.SetSyncMark(session.Environment, context, subject.ToString(), mark);
        return new SyncResult(subject, directory, downloaded, present, from, mark);
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
