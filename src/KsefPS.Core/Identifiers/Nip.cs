using System.Security.Cryptography;

namespace KsefPS.Core.Identifiers;

/// <summary>Polish tax identifier: 10 digits, weights 6,5,7,2,3,4,5,6,7, sum mod 11 is the last digit (BRIEF §11.7).</summary>
public static class Nip
{
    private static readonly int[] Weights = [6, 5, 7, 2, 3, 4, 5, 6, 7];

    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != 10 || !value.All(char.IsAsciiDigit))
        {
            return false;
        }
        var check = Checksum(value.AsSpan(0, 9));
        return check < 10 && check == value[9] - '0';
    }

    /// <summary>
    /// A random NIP with a valid checksum, shaped like a real one: a tax office prefix of three digits that starts with
    /// 1–9 and is not x00 (KSeF's XSD pattern <c>[1-9]((\d[1-9])|([1-9]\d))\d{7}</c> refuses those).
    /// </summary>
    public static string NewRandom()
    {
        Span<char> digits = stackalloc char[10];
        while (true)
        {
            digits[0] = (char)('1' + RandomNumberGenerator.GetInt32(9));
            for (var i = 1; i < 9; i++)
            {
                digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
            }
            var check = Checksum(digits[..9]);
            if (check < 10 && !(digits[1] == '0' && digits[2] == '0'))
            {
                digits[9] = (char)('0' + check);
                return new string(digits);
            }
        }
    }

    private static int Checksum(ReadOnlySpan<char> firstNine)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (firstNine[i] - '0') * Weights[i];
        }
        return sum % 11;
    }
}
