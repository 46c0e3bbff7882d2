namespace KsefPS.Core.Invoices.Sending;

/// <summary>KSeF's verdicts from a session's invoice list, matched to the files they are about.</summary>
internal static class SessionResultMatching
{
    /// <summary>Online: by the invoice reference KSeF gave when it took the invoice.</summary>
    public static void ByReference(IEnumerable<SentInvoice> results, IReadOnlyList<InvoiceStatus> invoices)
    {
        var byReference = invoices.ToDictionary(i => i.ReferenceNumber, StringComparer.Ordinal);
        foreach (var result in results)
        {
            if (result.ReferenceNumber is { } reference && byReference.TryGetValue(reference, out var status))
            {
                result.Apply(status);
            }
        }
    }

    public static void ByHash(IEnumerable<SentInvoice> results, IReadOnlyList<InvoiceStatus> invoices)
    {
        foreach (var result in results)
        {
            if (invoices.FirstOrDefault(i => i.Hash == result.Hash) is { } status)
            {
                result.Apply(status);
            }
        }
    }

    /// <summary>
    /// Batch: by the file's name in the package (invoiceFileName), else by its hash. A file KSeF reports nothing about
    /// in a finished session shares the session's fate.
    /// </summary>
    public static void Match(IReadOnlyList<(string? EntryName, string Hash)> entries, IReadOnlyList<SentInvoice> results, SessionStatus status,
        IReadOnlyList<InvoiceStatus> invoices)
    {
        var byName = new Dictionary<string, InvoiceStatus>(StringComparer.OrdinalIgnoreCase);
        var byHash = new Dictionary<string, InvoiceStatus>(StringComparer.Ordinal);
        foreach (var invoice in invoices)
        {
            if (invoice.FileName is { } name)
            {
                byName.TryAdd(name, invoice);
            }
            byHash.TryAdd(invoice.Hash, invoice);
        }
        for (var i = 0; i < results.Count; i++)
        {
            var entry = entries[i];
            if (entry.EntryName is { } name && byName.TryGetValue(name, out var found) || byHash.TryGetValue(entry.Hash, out found))
            {
                results[i].Apply(found);
            }
            else if (status.IsFinal)
            {
                results[i].ApplySessionFailure(status.Code, status.Description);
            }
        }
    }
}
