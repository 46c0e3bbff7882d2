namespace KsefPS.Core.Offline.Qr;

/// <summary>
/// The mask-selection penalty of ISO/IEC 18004 §7.8.3; the lowest-scoring mask is the one to use. The quiet zone around
/// the symbol counts as the light area a finder-like pattern may border.
/// </summary>
internal static class QrPenalty
{
    private const int FinderLikeThenLight = 0b101_1101_0000;
    private const int LightThenFinderLike = 0b000_0101_1101;

    public static int Of(ReadOnlySpan<byte> modules, int size)
    {
        var penalty = 0;
        for (var i = 0; i < size; i++)
        {
            penalty += Line(modules, start: i * size, stride: 1, size);
            penalty += Line(modules, start: i, stride: size, size);
        }
        return penalty + SameColourBlocks(modules, size) + Balance(modules);
    }

    /// <summary>Runs of five or more of one colour (N1: 3 + length − 5) and finder-like 1011101 beside four light (N3: 40).</summary>
    private static int Line(ReadOnlySpan<byte> modules, int start, int stride, int size)
    {
        var penalty = 0;
        var colour = modules[start];
        var run = 0;
        var window = 0;
        for (var i = 0; i < size; i++)
        {
            var module = modules[start + i * stride];
            if (module == colour)
            {
                run++;
            }
            else
            {
                penalty += run >= 5 ? run - 2 : 0;
                colour = module;
                run = 1;
            }
            window = ((window << 1) | module) & 0x7FF;
            penalty += window == FinderLikeThenLight || window == LightThenFinderLike ? 40 : 0;
        }
        penalty += run >= 5 ? run - 2 : 0;
        for (var i = 0; i < 4; i++)
        {
            window = (window << 1) & 0x7FF;
            penalty += window == FinderLikeThenLight ? 40 : 0;
        }
        return penalty;
    }

    /// <summary>N2: 3 for every 2×2 block of one colour, overlapping blocks counted each.</summary>
    private static int SameColourBlocks(ReadOnlySpan<byte> modules, int size)
    {
        var blocks = 0;
        for (var y = 0; y < size - 1; y++)
        {
            var top = modules.Slice(y * size, size);
            var bottom = modules.Slice((y + 1) * size, size);
            for (var x = 0; x < size - 1; x++)
            {
                var dark = top[x] + top[x + 1] + bottom[x] + bottom[x + 1];
                blocks += dark == 0 || dark == 4 ? 1 : 0;
            }
        }
        return 3 * blocks;
    }

    /// <summary>N4: 10 for every full 5 % the share of dark modules strays from 50 %.</summary>
    private static int Balance(ReadOnlySpan<byte> modules)
    {
        var dark = 0;
        foreach (var module in modules)
        {
            dark += module;
        }
        var total = modules.Length;
        return 10 * (Math.Abs(20 * dark - 10 * total) / total);
    }
}
