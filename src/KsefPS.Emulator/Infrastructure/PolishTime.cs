using System.Globalization;

namespace KsefPS.Emulator.Infrastructure;

/// <summary>
/// KSeF's calendar is Poland's. Dates in query filters (UPDATES.md): one without an offset is Europe/Warsaw local time,
/// and a range may span at most three calendar months, measured in UTC or in Polish time (either will do). The day an
/// invoice is taken in, which its issue date is compared with and its KSeF number carries, is the Polish day.
/// </summary>
public static class PolishTime
{
    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Warsaw", out var zone)
        ? zone : TimeZoneInfo.CreateCustomTimeZone("CET", TimeSpan.FromHours(1), "CET", "CET");

    public static bool TryParse(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (text is null || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            return false;
        }
        if (parsed.Kind == DateTimeKind.Unspecified)
        {
            instant = new DateTimeOffset(parsed, Warsaw.GetUtcOffset(parsed));
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);
    }

    /// <summary>The calendar day in Poland at that instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Warsaw).DateTime);

    public static bool FitsThreeMonths(DateTimeOffset from, DateTimeOffset to) =>
        to.UtcDateTime <= from.UtcDateTime.AddMonths(3)
        || TimeZoneInfo.ConvertTime(to, Warsaw).DateTime <= TimeZoneInfo.ConvertTime(from, Warsaw).DateTime.AddMonths(3);
}
