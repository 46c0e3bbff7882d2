using System.Collections.Concurrent;

namespace KsefPS.Core.Offline.Qr;

/// <summary>
/// What every symbol of one version shares: the function patterns (finders, separators, timing, alignment, version
/// information, dark module), the order in which codeword bits fill the remaining modules, and which of those each of
/// the eight masks inverts. Built once per version and reused.
/// </summary>
internal sealed class QrTemplate
{
    private static readonly ConcurrentDictionary<int, QrTemplate> Built = new();

    private QrTemplate(QrVersion version)
    {
        Version = version;
        Size = version.Size;
        FunctionModules = new byte[Size * Size];
        var isFunction = new bool[Size * Size];
        DrawFinderPatterns(isFunction);
        DrawTimingPatterns(isFunction);
        DrawAlignmentPatterns(isFunction);
        FormatModules = QrFormat.Positions(Size);
        QrFormat.Reserve(isFunction, FunctionModules, Size, FormatModules);
        DrawVersionInformation(isFunction);
        DataModules = PlacementOrder(isFunction);
        MaskPatterns = Enumerable.Range(0, 8).Select(MaskPattern).ToArray();
        MaskLines = MaskPatterns.Select(pattern => QrLines.From(pattern, Size)).ToArray();
    }

    public QrVersion Version { get; }
    public int Size { get; }

    /// <summary>Function patterns drawn, format information and data modules still light; index y·Size + x, 1 dark.</summary>
    public byte[] FunctionModules { get; }

    /// <summary>Indexes of the format information's modules, as <see cref="QrFormat.Draw"/> takes them.</summary>
    public int[] FormatModules { get; }

    /// <summary>Indexes of the modules codeword bits fill, in placement order (ISO/IEC 18004 §7.7.3).</summary>
    public int[] DataModules { get; }

    /// <summary>Per mask, 1 at every data module the mask inverts.</summary>
    public byte[][] MaskPatterns { get; }

    /// <summary><see cref="MaskPatterns"/> as lines, for scoring.</summary>
    public QrLines[] MaskLines { get; }

    public static QrTemplate For(QrVersion version) => Built.GetOrAdd(version.Number, static (_, v) => new QrTemplate(v), version);

    private void Set(bool[] isFunction, int x, int y, bool dark)
    {
        FunctionModules[y * Size + x] = dark ? (byte)1 : (byte)0;
        isFunction[y * Size + x] = true;
    }

    private void DrawFinderPatterns(bool[] isFunction)
    {
        foreach (var (cx, cy) in new[] { (3, 3), (Size - 4, 3), (3, Size - 4) })
        {
            // A 7×7 finder and its one-module light separator: rings at distance 2 and 4 from the centre are light.
            for (var dy = -4; dy <= 4; dy++)
            {
                for (var dx = -4; dx <= 4; dx++)
                {
                    var (x, y) = (cx + dx, cy + dy);
                    if (x >= 0 && x < Size && y >= 0 && y < Size)
                    {
                        var ring = Math.Max(Math.Abs(dx), Math.Abs(dy));
                        Set(isFunction, x, y, ring != 2 && ring != 4);
                    }
                }
            }
        }
    }

    private void DrawTimingPatterns(bool[] isFunction)
    {
        for (var i = 8; i < Size - 8; i++)
        {
            Set(isFunction, 6, i, i % 2 == 0);
            Set(isFunction, i, 6, i % 2 == 0);
        }
    }

    private void DrawAlignmentPatterns(bool[] isFunction)
    {
        var centres = Version.AlignmentCentres;
        var last = centres.Length - 1;
        for (var i = 0; i <= last; i++)
        {
            for (var j = 0; j <= last; j++)
            {
                var overlapsFinder = (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0);
                if (overlapsFinder)
                {
                    continue;
                }
                for (var dy = -2; dy <= 2; dy++)
                {
                    for (var dx = -2; dx <= 2; dx++)
                    {
                        Set(isFunction, centres[i] + dx, centres[j] + dy, Math.Max(Math.Abs(dx), Math.Abs(dy)) != 1);
                    }
                }
            }
        }
    }

    /// <summary>Versions 7 and up carry their number, BCH(18,6)-protected, in two 6×3 blocks beside the finders.</summary>
    private void DrawVersionInformation(bool[] isFunction)
    {
        if (Version.Number < 7)
        {
            return;
        }
        var remainder = Version.Number;
        for (var i = 0; i < 12; i++)
        {
            remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25);
        }
        var bits = Version.Number << 12 | remainder;
        for (var i = 0; i < 18; i++)
        {
            var dark = ((bits >> i) & 1) != 0;
            var (a, b) = (Size - 11 + i % 3, i / 3);
            Set(isFunction, a, b, dark);
            Set(isFunction, b, a, dark);
        }
    }

    /// <summary>Two-module-wide columns from the right, zigzagging up and down, skipping the vertical timing column.</summary>
    private int[] PlacementOrder(bool[] isFunction)
    {
        var order = new List<int>(Version.TotalCodewords * 8 + 7);
        for (var right = Size - 1; right >= 1; right -= 2)
        {
            if (right == 6)
            {
                right = 5;
            }
            var upward = ((right + 1) & 2) == 0;
            for (var step = 0; step < Size; step++)
            {
                var y = upward ? Size - 1 - step : step;
                for (var x = right; x >= right - 1; x--)
                {
                    if (!isFunction[y * Size + x])
                    {
                        order.Add(y * Size + x);
                    }
                }
            }
        }
        return order.ToArray();
    }

    private byte[] MaskPattern(int mask)
    {
        var pattern = new byte[Size * Size];
        foreach (var index in DataModules)
        {
            var (y, x) = Math.DivRem(index, Size);
            var invert = mask switch
            {
                0 => (x + y) % 2 == 0,
                1 => y % 2 == 0,
                2 => x % 3 == 0,
                3 => (x + y) % 3 == 0,
                4 => (x / 3 + y / 2) % 2 == 0,
                5 => x * y % 2 + x * y % 3 == 0,
                6 => (x * y % 2 + x * y % 3) % 2 == 0,
                _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
            };
            pattern[index] = invert ? (byte)1 : (byte)0;
        }
        return pattern;
    }
}
