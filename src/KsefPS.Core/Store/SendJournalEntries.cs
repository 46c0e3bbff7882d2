namespace KsefPS.Core.Store;

/// <summary>A sending session in the send journal: enough to finish it or repeat what it did not deliver.</summary>
public sealed record JournalSession(string Reference, string Kind, string Environment, string ApiUrl, string Context, string Form, bool OfflineMode,
    string? PartsDirectory, DateTimeOffset? UploadUntil, string State, DateTimeOffset OpenedAt)
{
    public const string Online = "Online";
    public const string Batch = "Batch";

    /// <summary>Opened: invoices may be in flight. Closed: KSeF has everything and processes it. Done: results recorded.</summary>
    public const string Opened = "Opened";
    public const string Closed = "Closed";
    public const string Done = "Done";
}

/// <summary>What KSeF said about one invoice of a journalled session (by its ordinal); a null leaves what is known.</summary>
public sealed record JournalVerdict(int Ordinal, string? InvoiceReference, int? StatusCode = null, string? KsefNumber = null, string? InvoicingMode = null,
    DateTimeOffset? AcquisitionDate = null);

/// <summary>One invoice of a journalled session, and what KSeF said about it once known.</summary>
public sealed record JournalItem(int Ordinal, string Path, string? EntryName, string Hash, string InvoiceNumber, string SellerNip, Guid? OfflineInvoiceId,
    string? CorrectedHash, string? InvoiceReference = null, int? StatusCode = null, string? KsefNumber = null, DateOnly? IssueDate = null, string? InvoicingMode = null,
    DateTimeOffset? AcquisitionDate = null);
