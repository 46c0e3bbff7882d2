namespace KsefPS.Emulator.Invoices;

/// <summary>An invoice KSeF accepted: its exact bytes, the facts read from it and its dates (BRIEF §8.2).</summary>
public sealed class StoredInvoice
{
    public required string KsefNumber { get; init; }
    public required byte[] Content { get; init; }
    public required string Hash { get; init; }
    public required InvoiceContent Facts { get; init; }
    public required InvoiceSchemas.Form Form { get; init; }
    public required string InvoicingMode { get; init; }
    public required DateTimeOffset InvoicingDate { get; init; }
    public required DateTimeOffset AcquisitionDate { get; init; }
    public required DateTimeOffset PermanentStorageDate { get; init; }
    public string? SessionReference { get; init; }
    public string? HashOfCorrectedInvoice { get; init; }
    public bool IsSelfInvoicing { get; init; }
}
