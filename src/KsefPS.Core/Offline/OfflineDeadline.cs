namespace KsefPS.Core.Offline;

/// <summary>
/// When an offline invoice must reach KSeF (BRIEF §9.5): Offline24 — the next business day after the issue date;
/// Offline — the next business day after the unavailability ends; Emergency — 7 business days after the failure ends.
/// A failure's end defaults to the issue date, which gives the earliest (safe) deadline until the real end is known.
/// The deadline is the end of that day in Poland.
/// </summary>
public static class OfflineDeadline
{
    private static readonly TimeZoneInfo Warsaw = FindWarsaw();

    public static DateOnly Compute(OfflineMode mode, DateOnly issueDate, DateOnly? failureEnd = null)
    {
        var from = failureEnd is { } end && end > issueDate ? end : issueDate;
        return mode switch
        {
            OfflineMode.Offline24 => PolishCalendar.BusinessDaysAfter(issueDate, 1),
            OfflineMode.Offline => PolishCalendar.BusinessDaysAfter(from, 1),
            _ => PolishCalendar.BusinessDaysAfter(from, 7),
        };
    }

    /// <summary>The last moment of the deadline day in Polish time, as an instant.</summary>
    public static DateTimeOffset EndOf(DateOnly deadline)
    {
        var local = deadline.ToDateTime(new TimeOnly(23, 59, 59));
        return new DateTimeOffset(local, Warsaw.GetUtcOffset(local));
    }

    private static TimeZoneInfo FindWarsaw()
    {
        foreach (var id in new[] { "Europe/Warsaw", "Central European Standard Time" })
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            {
                return zone;
            }
        }
        return TimeZoneInfo.CreateCustomTimeZone("CET", TimeSpan.FromHours(1), "CET", "CET");
    }
}
