namespace KsefPS.Emulator.Invoices;

/// <summary>One invoice sent in a session, as the session's invoice list reports it (BRIEF §7.5).</summary>
public sealed class SessionInvoice
{
    /// <summary>Set when the invoice is recorded: its place in the session, from 1.</summary>
    public int Ordinal { get; set; }
    public required string ReferenceNumber { get; init; }
    public required string Hash { get; init; }
    public required DateTimeOffset InvoicingDate { get; init; }
    public string? InvoiceNumber { get; init; }
    /// <summary>The file's name inside a batch package; null online.</summary>
    public string? FileName { get; init; }
    public required int Code { get; init; }
    public required string Description { get; init; }
    public string[] Details { get; init; } = [];
    public Dictionary<string, string>? Extensions { get; init; }
    public StoredInvoice? Stored { get; init; }

    /// <summary>An accepted invoice reads 150 (processing) until its KSeF number is visible.</summary>
    public int CodeAt(DateTimeOffset now) => Code == 200 && Stored!.PermanentStorageDate > now ? 150 : Code;
}
