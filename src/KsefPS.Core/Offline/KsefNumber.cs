namespace KsefPS.Core.Offline;

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
