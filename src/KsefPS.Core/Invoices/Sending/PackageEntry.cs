namespace KsefPS.Core.Invoices.Sending;

/// <summary>One invoice inside a batch package: where it came from and the name KSeF will report it under.</summary>
public sealed record PackageEntry(string EntryName, string Path, string Hash, string InvoiceNumber, string SellerNip, DateOnly? IssueDate = null);
