namespace KsefPS.Core.Invoices;

public enum SendStatus
{
    /// <summary>Received by KSeF, not yet processed (Send-KsefInvoice without -Wait).</summary>
    Sent,
    /// <summary>Accepted with a KSeF number.</summary>
    Accepted,
    /// <summary>KSeF has this invoice already; KsefNumber is the original's.</summary>
    Duplicate,
    Rejected,
    /// <summary>KSeF could not take it (Send-KsefInvoice -OfflineFallback): protected with KOD I and KOD II and put in the offline queue.</summary>
    QueuedOffline,
}
