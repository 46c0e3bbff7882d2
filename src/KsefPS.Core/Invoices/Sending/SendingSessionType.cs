namespace KsefPS.Core.Invoices.Sending;

/// <summary>A kind of sending session (SessionType).</summary>
public enum SendingSessionType
{
    Online,
    Batch,
}
