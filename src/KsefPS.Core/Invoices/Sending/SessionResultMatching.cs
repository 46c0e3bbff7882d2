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
}
