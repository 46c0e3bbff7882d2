using KsefPS.Core.Store;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>
/// The local files behind a session's invoices, as this machine's send journal recorded them (kept for
/// <see cref="SendJournal.Retention"/>): KSeF names a batch invoice's package entry and an online one not at all, so a
/// runbook collecting results later learns which file got which KSeF number. A session sent elsewhere has none.
/// </summary>
public sealed class JournalledFiles
{
    private readonly Dictionary<string, string> _byReference = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byEntry = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byHash = new(StringComparer.Ordinal);

    private JournalledFiles()
    {
    }

    /// <summary>
    /// The journal of the store at <paramref name="storePath"/>. A store that is not there is not made, and one that
    /// cannot be opened (unsafe permissions, a newer schema) names no files: the statuses are KSeF's answer and come all
    /// the same; <paramref name="narrate"/> hears why.
    /// </summary>
    public static JournalledFiles Read(string storePath, string sessionReference, Action<string>? narrate = null)
    {
        if (!File.Exists(storePath))
        {
            return new JournalledFiles();
        }
        try
        {
            using var store = KsefStore.Open(storePath);
            return Of(store, sessionReference);
        }
        catch (Errors.KsefException e)
        {
            narrate?.Invoke($"The files behind the invoices are not named: {e.Message}");
            return new JournalledFiles();
        }
    }

    public static JournalledFiles Of(KsefStore store, string sessionReference)
    {
        var files = new JournalledFiles();
        foreach (var item in store.JournalItemsOf(sessionReference))
        {
            if (item.InvoiceReference is { } reference)
            {
                files._byReference.TryAdd(reference, item.Path);
            }
            if (item.EntryName is { } entry)
            {
                files._byEntry.TryAdd(entry, item.Path);
            }
            files._byHash.TryAdd(item.Hash, item.Path);
        }
        return files;
    }

    /// <summary>
    /// The status with the file it was sent from, when the journal has it: by the invoice reference KSeF gave online,
    /// else by the package entry's name, else by hash.
    /// </summary>
    public InvoiceStatus Attach(InvoiceStatus status)
    {
        var path = _byReference.TryGetValue(status.ReferenceNumber, out var byReference) ? byReference
            : status.FileName is { } entry && _byEntry.TryGetValue(entry, out var byEntry) ? byEntry
            : _byHash.TryGetValue(status.Hash, out var byHash) ? byHash
            : null;
        return path is null ? status : status with { Path = path };
    }
}
