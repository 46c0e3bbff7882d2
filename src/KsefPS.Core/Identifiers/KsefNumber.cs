using KsefPS.Core.Errors;
using KsefPS.Core.Security;

namespace KsefPS.Core.Identifiers;

/// <summary>
/// KSeF numbers (BRIEF §8.5): NNNNNNNNNN-YYYYMMDD-TTTTTTTTTTTT-CC, CC the CRC-8 (poly 0x07, init 0) of the first 32
/// characters in uppercase hex.
/// </summary>
public static class KsefNumber
{
    public static bool IsValid(string? number)
    {
        if (number is null || number.Length != 35 || number[10] != '-' || number[19] != '-' || number[32] != '-')
        {
            return false;
        }
        if (!number.AsSpan(0, 10).ToString().All(char.IsAsciiDigit) || !number.AsSpan(11, 8).ToString().All(char.IsAsciiDigit)
            || !number.AsSpan(20, 12).ToString().All(char.IsAsciiHexDigitUpper))
        {
            return false;
        }
        return string.Equals(Crc8(number.AsSpan(0, 32)).ToString("X2"), number[33..], StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A KSeF number, typed by a user or sent by KSeF, becomes a file name or a URL segment only when it is one: shape
    /// and checksum. <paramref name="fromKsef"/> words the error for an answer rather than for a typo.
    /// </summary>
    public static string Require(string? number, bool fromKsef = false)
    {
        if (IsValid(number))
        {
            return number!;
        }
        throw fromKsef
            ? new KsefException(ErrorIds.KsefNumberInvalid, KsefErrorKind.InvalidData,
                $"KSeF answered with '{UntrustedText.Quote(number)}' where a KSeF number belongs; it was not used as a file name or an address.", null)
            : new KsefException(ErrorIds.KsefNumberInvalid, KsefErrorKind.InvalidArgument,
                $"'{UntrustedText.Quote(number)}' is not a KSeF number (NNNNNNNNNN-YYYYMMDD-XXXXXXXXXXXX-CC with a valid check sum); check the number.", number)
            {
                RecommendedAction = "Copy the KSeF number again from the UPO, Get-KsefInvoice or the invoice's QR code; Test-KsefNumber checks one.",
            };
    }

    public static byte Crc8(ReadOnlySpan<char> text)
    {
        byte crc = 0;
        foreach (var c in text)
        {
            crc ^= (byte)c;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80) != 0 ? (byte)((crc << 1) ^ 0x07) : (byte)(crc << 1);
            }
        }
        return crc;
    }
}
