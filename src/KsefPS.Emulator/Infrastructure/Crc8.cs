namespace KsefPS.Emulator.Infrastructure;

/// <summary>CRC-8, polynomial 0x07, initial value 0 (BRIEF §8.5): KSeF numbers and, observed, reference numbers.</summary>
public static class Crc8
{
    public static byte Compute(ReadOnlySpan<char> text)
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
