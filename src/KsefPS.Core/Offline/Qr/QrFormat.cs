namespace KsefPS.Core.Offline.Qr;

/// <summary>
/// The format information: error-correction level M (00) and the mask, BCH(15,5)-protected and XORed with 101010000010010,
/// written twice — around the top-left finder, and split between the other two.
/// </summary>
internal static class QrFormat
{
    /// <summary>Marks the format information's modules (<paramref name="positions"/>) and the dark module as function modules.</summary>
    public static void Reserve(bool[] isFunction, byte[] modules, int size, int[] positions)
    {
        foreach (var index in positions)
        {
            isFunction[index] = true;
        }
        var darkModule = (size - 8) * size + 8;
        isFunction[darkModule] = true;
        modules[darkModule] = 1;
    }

    /// <param name="positions">What <see cref="Positions"/> gives for the symbol's size.</param>
    public static void Draw(Span<byte> modules, int[] positions, int mask)
    {
        var bits = Bits(mask);
        for (var i = 0; i < positions.Length; i++)
        {
            modules[positions[i]] = (byte)BitAt(bits, i);
        }
    }

    public static void Draw(QrLines lines, int[] positions, int mask)
    {
        var bits = Bits(mask);
        for (var i = 0; i < positions.Length; i++)
        {
            var (y, x) = Math.DivRem(positions[i], lines.Size);
            lines.Set(x, y, BitAt(bits, i) != 0);
        }
    }

    /// <summary>Each copy holds the 15 bits once, least significant first.</summary>
    private static int BitAt(int bits, int position) => (bits >> (position % 15)) & 1;

    private static int Bits(int mask)
    {
        const int levelM = 0b00;
        var data = levelM << 3 | mask;
        var remainder = data;
        for (var i = 0; i < 10; i++)
        {
            remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537);
        }
        return (data << 10 | remainder) ^ 0x5412;
    }

    /// <summary>Module indexes of bits 0..14 of the first copy, then bits 0..14 of the second.</summary>
    public static int[] Positions(int size) => PositionsOf(size).ToArray();

    private static IEnumerable<int> PositionsOf(int size)
    {
        int At(int x, int y) => y * size + x;
        for (var i = 0; i <= 5; i++)
        {
            yield return At(8, i);
        }
        yield return At(8, 7);
        yield return At(8, 8);
        yield return At(7, 8);
        for (var i = 9; i < 15; i++)
        {
            yield return At(14 - i, 8);
        }
        for (var i = 0; i < 8; i++)
        {
            yield return At(size - 1 - i, 8);
        }
        for (var i = 8; i < 15; i++)
        {
            yield return At(8, size - 15 + i);
        }
    }
}
