using KsefPS.Core.Api;

namespace KsefPS.Core.Status;

/// <summary>
/// What Latarnia, KSeF's status service, says: AVAILABLE, MAINTENANCE, FAILURE or TOTAL_FAILURE — or Unknown when it
/// could not be asked (an unreachable Latarnia says nothing about KSeF itself). Values added later are kept as text.
/// </summary>
public sealed record KsefStatusReport(
    string Environment,
    Uri? StatusUrl,
    string Status,
    string? Reason,
    ReadableList<KsefStatusMessage> Messages,
    DateTimeOffset Checked)
{
    public const string Unknown = "Unknown";

    public bool IsAvailable => Status == "AVAILABLE";
}

/// <summary>One announcement: a failure's start or end, a planned maintenance; messages of one event share <see cref="EventId"/>.</summary>
public sealed record KsefStatusMessage(
    string Id,
    int EventId,
    string Category,
    string Type,
    string Title,
    string Text,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    DateTimeOffset? Published)
{
    /// <summary>How a list of the report shows it: the type, when (UTC), the title.</summary>
    public override string ToString() =>
        $"{Type} {When(Start)}–{(End is null ? "ongoing" : When(End))}: {Title}";

    private static string When(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "?";
}
