namespace KsefPS.Core.Invoices.Sending;

/// <summary>How one invoice is to be declared: offline (offlineMode), a technical correction, or from the offline queue.</summary>
public sealed record SendRequest(bool OfflineMode, string? CorrectedInvoiceHash = null, Guid? OfflineInvoiceId = null);
