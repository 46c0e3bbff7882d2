namespace KsefPS.Core.Status;

/// <summary>Limits of one kind of session in the context (GET /limits/context).</summary>
public sealed record SessionLimits(int MaxInvoices, int MaxInvoiceSizeInMB, int MaxInvoiceWithAttachmentSizeInMB)
{
    public override string ToString() =>
        $"{MaxInvoices} invoices, {MaxInvoiceSizeInMB} MB each ({MaxInvoiceWithAttachmentSizeInMB} MB with attachments)";
}
