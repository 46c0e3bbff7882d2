namespace KsefPS.Core.Store;

/// <summary>What KSeF said about one invoice of a journalled session (by its ordinal); a null leaves what is known.</summary>
public sealed record JournalVerdict(int Ordinal, string? InvoiceReference, int? StatusCode = null, string? KsefNumber = null, string? InvoicingMode = null,
    DateTimeOffset? AcquisitionDate = null);
