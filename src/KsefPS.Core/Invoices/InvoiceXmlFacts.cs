namespace KsefPS.Core.Invoices;

/// <summary>The facts KSeF and the QR codes need, as the invoice's XML carries them (entities and CDATA decoded).</summary>
internal sealed record InvoiceXmlFacts(string? SystemCode, string? SchemaVersion, string? FormValue, string? SellerNip, string? IssueDate,
    string? Number, bool HasAttachment, IReadOnlyList<InvoiceParty>? OtherParties = null);
