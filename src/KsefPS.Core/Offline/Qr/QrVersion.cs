namespace KsefPS.Core.Offline.Qr;

/// <summary>
/// The size and block structure of a QR symbol version (1–40) at error-correction level M (ISO/IEC 18004 tables 1 and
/// 9), the level every KSeF QR code uses.
/// </summary>
internal sealed class QrVersion
{
    public const int Max = 40;

    // Error-correction codewords per block and number of blocks at level M, for versions 1..40.
    private static ReadOnlySpan<byte> EccPerBlock =>
    [
        10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
        26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    ];

    private static ReadOnlySpan<byte> BlockCounts =>
    [
        1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
        17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
    ];

    private static readonly QrVersion[] All = Enumerable.Range(1, Max).Select(number => new QrVersion(number)).ToArray();

    private QrVersion(int number)
    {
        Number = number;
        Size = 17 + 4 * number;
        TotalCodewords = DataModuleCount(number) / 8;
        EccCodewordsPerBlock = EccPerBlock[number - 1];
        Blocks = BlockCounts[number - 1];
        DataCodewords = TotalCodewords - EccCodewordsPerBlock * Blocks;
        AlignmentCentres = AlignmentCentresOf(number);
    }

    public int Number { get; }
    public int Size { get; }
    public int TotalCodewords { get; }
    public int DataCodewords { get; }
    public int Blocks { get; }
    public int EccCodewordsPerBlock { get; }
    public int[] AlignmentCentres { get; }

    /// <summary>Blocks are as long as possible but equal to within one: the first ones short, the rest one data codeword longer.</summary>
    public int ShortBlocks => Blocks - TotalCodewords % Blocks;
    public int ShortBlockDataCodewords => TotalCodewords / Blocks - EccCodewordsPerBlock;

    /// <summary>Bits of the byte-mode character count: 8 up to version 9, 16 from version 10.</summary>
    public int ByteCountBits => Number < 10 ? 8 : 16;

    public static QrVersion Get(int number) => All[number - 1];

    /// <summary>The smallest version whose data codewords hold <paramref name="dataBits"/>, which may depend on the version.</summary>
    public static QrVersion? Smallest(Func<QrVersion, int> dataBits) =>
        All.FirstOrDefault(version => dataBits(version) <= version.DataCodewords * 8);

    /// <summary>Modules left for codewords (data + error correction + remainder bits) once function patterns are drawn.</summary>
    private static int DataModuleCount(int number)
    {
        var size = 17 + 4 * number;
        var modules = size * size
            - 3 * 8 * 8                 // finder patterns with their separators
            - 2 * (size - 16)           // timing patterns between them
            - 31;                       // format information (2 × 15) and the dark module
        if (number >= 2)
        {
            var perSide = number / 7 + 2;
            var alignments = perSide * perSide - 3;
            modules -= alignments * 25;
            modules += 2 * (perSide - 2) * 5; // alignment patterns crossing the timing patterns share those modules
        }
        if (number >= 7)
        {
            modules -= 2 * 18; // version information
        }
        return modules;
    }

    /// <summary>Centre coordinates of alignment patterns along one axis (ISO/IEC 18004 annex E): 6, then evenly spaced to size − 7.</summary>
    private static int[] AlignmentCentresOf(int number)
    {
        if (number == 1)
        {
            return [];
        }
        var count = number / 7 + 2;
        var last = 4 * number + 10;
        // Equal even steps from the last centre back towards 6; version 32 is the one exception in the table.
        var step = number == 32 ? 26 : (last - 6 + 2 * (count - 1) - 1) / (2 * (count - 1)) * 2;
        var centres = new int[count];
        centres[0] = 6;
        for (var i = count - 1; i >= 1; i--)
        {
            centres[i] = last - (count - 1 - i) * step;
        }
        return centres;
    }
}
