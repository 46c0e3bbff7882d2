namespace KsefPS.Core.Status;

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
