namespace KsefPS.Emulator.Status;

/// <summary>What one session may take: invoices per session, and the largest invoice without and with attachments (bytes).</summary>
public sealed record SessionLimitSet(int MaxInvoices, int MaxInvoiceSize, int MaxInvoiceWithAttachmentSize);
