namespace KsefPS.Core.Invoices;

/// <summary>What <see cref="InvoiceFile"/> reads from an invoice besides its bytes and its hash.</summary>
public readonly record struct InvoiceFileFacts(FormCode Form, string SellerNip, DateOnly IssueDate, string InvoiceNumber, bool HasAttachment);
