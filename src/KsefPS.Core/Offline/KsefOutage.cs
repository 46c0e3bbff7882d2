using KsefPS.Core.Status;

namespace KsefPS.Core.Offline;

/// <summary>
/// One event Latarnia announced — a failure, a total failure or a maintenance — as the days it spans in Poland. An event's
/// messages share an eventId (its start, later its end); the end is unknown while the event lasts.
/// </summary>
public sealed record KsefOutage(int EventId, string Category, DateOnly Start, DateOnly? End)
{
    public const string Failure = "FAILURE";
    public const string TotalFailure = "TOTAL_FAILURE";
    public const string Maintenance = "MAINTENANCE";

    public static IReadOnlyList<KsefOutage> From(IEnumerable<KsefStatusMessage> messages) =>
        [.. messages
            .Where(m => m.Start is not null || m.End is not null)
            .GroupBy(m => m.EventId != 0 ? m.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture) : "id:" + m.Id)
            .Select(Of)
            .Where(o => o is not null)
            .Select(o => o!)
            .OrderBy(o => o.Start)];

    private static KsefOutage? Of(IGrouping<string, KsefStatusMessage> messages)
    {
        var latest = messages.OrderByDescending(m => m.Published ?? DateTimeOffset.MinValue).ToList();
        var category = latest.Select(m => m.Category).FirstOrDefault(c => c.Length > 0)
            ?? latest.Select(m => CategoryOfType(m.Type)).FirstOrDefault(c => c is not null);
        var start = messages.Where(m => m.Start is not null).Select(m => m.Start!.Value).DefaultIfEmpty().Min();
        // An end message names the end, or is itself the moment the event ended.
        var end = latest.Select(m => m.End).FirstOrDefault(e => e is not null)
            ?? latest.Where(m => m.Type.EndsWith("_END", StringComparison.Ordinal)).Select(m => m.Start).FirstOrDefault(s => s is not null);
        if (category is null || start == default)
        {
            return null;
        }
        return new KsefOutage(messages.First().EventId, category, PolishDay(start), end is { } e ? PolishDay(e) : null);
    }

    private static string? CategoryOfType(string type) =>
        type.StartsWith(TotalFailure, StringComparison.Ordinal) ? TotalFailure
        : type.StartsWith(Failure, StringComparison.Ordinal) ? Failure
        : type.StartsWith(Maintenance, StringComparison.Ordinal) ? Maintenance
        : null;

    private static DateOnly PolishDay(DateTimeOffset instant) => DateOnly.FromDateTime(OfflineDeadline.InPoland(instant).DateTime);

    public override string ToString() =>
        $"{Category} {Start:yyyy-MM-dd}–{(End is { } end ? end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "ongoing")} (event {EventId})";
}
