using System.Security.Cryptography;

namespace KsefPS.Core.Identifiers;

/// <summary>
/// Polish personal number: 11 digits, weights 1,3,7,9,1,3,7,9,1,3, control digit (10 − sum mod 10) mod 10,
/// and digits 1–6 a real birth date (the month carries the century: +80 1800s, +0 1900s, +20 2000s, +40 2100s, +60 2200s).
/// </summary>
public static class Pesel
{
    private static readonly int[] Weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != 11 || !value.All(char.IsAsciiDigit))
        {
            return false;
        }
        return Checksum(value.AsSpan(0, 10)) == value[10] - '0' && TryBirthDate(value, out _);
    }

    public static bool TryBirthDate(string value, out DateOnly date)
    {
        date = default;
        var year = int.Parse(value.AsSpan(0, 2));
        var month = int.Parse(value.AsSpan(2, 2));
        var day = int.Parse(value.AsSpan(4, 2));
        var century = (month / 20) switch { 0 => 1900, 1 => 2000, 2 => 2100, 3 => 2200, 4 => 1800, _ => -1 };
        month %= 20;
        if (century < 0 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(century + year, month))
        {
            return false;
        }
        date = new DateOnly(century + year, month, day);
        return true;
    }

    /// <summary>A random PESEL with a valid birth date (1950–2005) and checksum.</summary>
    public static string NewRandom()
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(RandomNumberGenerator.GetInt32(365 * 55));
        var month = birth.Month + (birth.Year >= 2000 ? 20 : 0);
        var serial = RandomNumberGenerator.GetInt32(10000);
        var first10 = $"{birth.Year % 100:D2}{month:D2}{birth.Day:D2}{serial:D4}";
        return first10 + (char)('0' + Checksum(first10));
    }

    private static int Checksum(ReadOnlySpan<char> firstTen)
    {
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            sum += (firstTen[i] - '0') * Weights[i];
        }
        return (10 - sum % 10) % 10;
    }
}
