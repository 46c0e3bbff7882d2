namespace KsefPS.Core.Invoices;

/// <summary>Filters of the metadata query (BRIEF §8.2).</summary>
public sealed record InvoiceFilter(SubjectType Subject, InvoiceDateType DateType, DateTimeOffset From, DateTimeOffset? To = null)
{
    public bool RestrictToHighWaterMark { get; init; }
    public string? KsefNumber { get; init; }
    public string? InvoiceNumber { get; init; }
    public string? SellerNip { get; init; }
    /// <summary>The buyer as KSeF's buyerIdentifier names it: Nip, VatUe, Other or None (the last without a value).</summary>
    public (string Type, string? Value)? Buyer { get; init; }
    public IReadOnlyList<string> Currencies { get; init; } = [];
    public string? InvoicingMode { get; init; }
    public IReadOnlyList<string> InvoiceTypes { get; init; } = [];
    /// <summary>Brutto, Netto or Vat: which amount <see cref="AmountFrom"/> and <see cref="AmountTo"/> bound.</summary>
    public string AmountType { get; init; } = "Brutto";
    public decimal? AmountFrom { get; init; }
    public decimal? AmountTo { get; init; }
    public string? FormType { get; init; }
    public bool? HasAttachment { get; init; }
    public bool? IsSelfInvoicing { get; init; }
}
