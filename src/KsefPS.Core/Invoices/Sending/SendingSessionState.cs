namespace KsefPS.Core.Invoices.Sending;

/// <summary>The status filter of GET /sessions (CommonSessionStatus).</summary>
public enum SendingSessionState
{
    InProgress,
    Succeeded,
    Failed,
    Cancelled,
}
