namespace KsefPS.Core.Offline;

/// <summary>
/// Polish public holidays (the Act of 18 January 1951, as amended: 24 December is a holiday from 2025) and business days
/// (Monday to Friday that are not holidays). Easter by the Gregorian computus; Pentecost and Corpus Christi follow it.
/// </summary>
public static class PolishCalendar
{
    public static bool IsHoliday(DateOnly date)
    {
        switch ((date.Month, date.Day))
        {
            case (1, 1) or (1, 6) or (5, 1) or (5, 3) or (8, 15) or (11, 1) or (11, 11) or (12, 25) or (12, 26):
                return true;
            case (12, 24) when date.Year >= 2025:
                return true;
        }
        var easter = EasterSunday(date.Year);
        return date == easter || date == easter.AddDays(1) || date == easter.AddDays(49) || date == easter.AddDays(60);
    }

    public static bool IsBusinessDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(date);

    /// <summary>The <paramref name="count"/>-th business day after <paramref name="date"/> (not counting the date itself).</summary>
    public static DateOnly BusinessDaysAfter(DateOnly date, int count)
    {
        var day = date;
        for (var found = 0; found < count;)
        {
            day = day.AddDays(1);
            if (IsBusinessDay(day))
            {
                found++;
            }
        }
        return day;
    }

    /// <summary>Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7;
        var m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }
}
