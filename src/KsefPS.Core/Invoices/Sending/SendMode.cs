namespace KsefPS.Core.Invoices.Sending;

/// <summary>How Send-KsefInvoice sends: one invoice at a time in an online session, or packaged in batch sessions.</summary>
public enum SendMode
{
    /// <summary>Batch when the run brings more than <see cref="SendOptions.AutoOnlineLimit"/> invoices or any attachment; online otherwise.</summary>
    Auto,
    Online,
    Batch,
}
