namespace KsefPS.Core.Store;

/// <summary>A sending session in the send journal: enough to finish it or repeat what it did not deliver.</summary>
public sealed record JournalSession(string Reference, string Kind, string Environment, string ApiUrl, string Context, string Form, bool OfflineMode,
    string? PartsDirectory, DateTimeOffset? UploadUntil, string State, DateTimeOffset OpenedAt)
{
    public const string Online = "Online";
    public const string Batch = "Batch";

    /// <summary>Opened: invoices may be in flight. Closed: KSeF has everything and processes it. Done: results recorded.</summary>
    public const string Opened = "Opened";
    public const string Closed = "Closed";
    public const string Done = "Done";
}
