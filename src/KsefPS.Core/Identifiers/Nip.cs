using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Identifiers;

/// <summary>Polish tax identifier: 10 digits, weights 6,5,7,2,3,4,5,6,7, sum mod 11 is the last digit (BRIEF §11.7).</summary>
public static class Nip
{
    private static readonly int[] Weights = [6, 5, 7, 2, 3, 4, 5, 6, 7];

    /// <summary>
    /// The NIP a user wrote, as KSeF wants it: 10 digits. Dashes and spaces as people write them (526-587-76-35,
    /// 526-58-77-635) are dropped; anything else is NipInvalid, the one error for a bad NIP everywhere. The control digit
    /// is checked when <paramref name="controlDigit"/> says so (KSeF checks it on production only:
    /// <see cref="Environments.KsefEnvironmentInfo.ChecksNipControlDigits"/>).
    /// </summary>
    public static string Require(string? value, bool controlDigit = true)
    {
        var digits = value?.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (!IsKsefNip(digits, controlDigit))
        {
            throw new KsefException(ErrorIds.NipInvalid, KsefErrorKind.InvalidArgument, controlDigit
                ? $"'{Security.UntrustedText.Quote(value)}' is not a valid NIP: 10 digits (dashes allowed), the first three not a x00 office code, with a correct control digit."
                : $"'{Security.UntrustedText.Quote(value)}' is not a NIP: 10 digits (dashes allowed), the first three not a x00 office code.", value);
        }
        return digits!;
    }

    /// <summary>A NIP KSeF takes: of its shape everywhere, and with a right control digit where <paramref name="controlDigit"/> asks for one.</summary>
    public static bool IsKsefNip(string? value, bool controlDigit) => HasKsefShape(value) && (!controlDigit || IsValid(value));

    /// <summary>
    /// KSeF's TNrNIP pattern <c>[1-9]((\d[1-9])|([1-9]\d))\d{7}</c>, which every environment checks: ten digits, a tax office
    /// prefix that starts with 1-9 and is not x00. The control digit is <see cref="IsValid"/>'s.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool HasKsefShape(string? value) =>
        value is { Length: 10 } && !value.AsSpan().ContainsAnyExceptInRange('0', '9') && value[0] != '0' && !(value[1] == '0' && value[2] == '0');

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != 10 || value.AsSpan().ContainsAnyExceptInRange('0', '9'))
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
