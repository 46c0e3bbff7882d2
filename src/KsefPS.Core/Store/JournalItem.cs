namespace KsefPS.Core.Store;

/// <summary>One invoice of a journalled session, and what KSeF said about it once known.</summary>
public sealed record JournalItem(int Ordinal, string Path, string? EntryName, string Hash, string InvoiceNumber, string SellerNip, Guid? OfflineInvoiceId,
    string? CorrectedHash, string? InvoiceReference = null, int? StatusCode = null, string? KsefNumber = null, DateOnly? IssueDate = null, string? InvoicingMode = null,
    DateTimeOffset? AcquisitionDate = null);
