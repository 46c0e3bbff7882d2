namespace KsefPS.Core.Invoices;

/// <summary>What Save-KsefInvoice did with one invoice.</summary>
public sealed record SavedInvoice(string KsefNumber, string Path, string Hash, bool Skipped);
