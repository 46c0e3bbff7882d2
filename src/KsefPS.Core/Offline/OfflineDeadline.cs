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
            OfflineMode.TotalFailure => NoObligation,
            _ => PolishCalendar.BusinessDaysAfter(from, 7),
        };
    }

    /// <summary>A deadline that no longer binds: a total failure was announced (BRIEF §9.5: no obligation to send).</summary>
    public static readonly DateOnly NoObligation = DateOnly.MaxValue;

    /// <summary>
    /// The deadline once Latarnia's announcements are known (BRIEF §9.5, docs tryby-offline.md): a failure announced
    /// while the deadline runs moves it to 7 business days after that failure ends (each later one restarts the count);
    /// while a failure lasts, the earliest the deadline can be is 7 business days after <paramref name="today"/>. An
    /// Offline invoice issued during a maintenance is due the business day after the maintenance ends. A total failure
    /// announced while the deadline runs lifts the obligation. A deadline never moves earlier than it was.
    /// </summary>
    public static (DateOnly Deadline, string? Reason) Recompute(OfflineMode mode, DateOnly issueDate, DateOnly deadline,
        IEnumerable<KsefOutage> outages, DateOnly today)
    {
        string? reason = null;
        foreach (var outage in outages.OrderBy(o => o.Start))
        {
            if (deadline == NoObligation || outage.Start > deadline || outage.End is { } ended && ended < issueDate)
            {
                continue;
            }
            var end = outage.End ?? (today > outage.Start ? today : outage.Start);
            var lasting = outage.End is null ? " (still lasting: the earliest it can be)" : "";
            DateOnly moved;
            switch (outage.Category)
            {
                case KsefOutage.TotalFailure:
                    return (NoObligation, $"A total failure was announced ({outage}): there is no obligation to send it to KSeF.");
                case KsefOutage.Failure:
                    moved = PolishCalendar.BusinessDaysAfter(end, 7);
                    break;
                case KsefOutage.Maintenance when mode == OfflineMode.Offline && outage.Start <= issueDate:
                    moved = PolishCalendar.BusinessDaysAfter(end, 1);
                    break;
                default:
                    continue;
            }
            if (moved > deadline)
            {
                deadline = moved;
                reason = $"Moved by {outage}{lasting}.";
            }
        }
        return (deadline, reason);
    }

    /// <summary>An instant as Polish local time.</summary>
    public static DateTimeOffset InPoland(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Warsaw);

    /// <summary>The last moment of the deadline day in Polish time, as an instant.</summary>
    public static DateTimeOffset EndOf(DateOnly deadline)
    {
        if (deadline == NoObligation)
        {
            return DateTimeOffset.MaxValue;
        }
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
