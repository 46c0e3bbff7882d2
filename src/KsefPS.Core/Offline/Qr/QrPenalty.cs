using System.Numerics;

namespace KsefPS.Core.Offline.Qr;

/// <summary>
/// The mask-selection penalty of ISO/IEC 18004 §7.8.3; the lowest-scoring mask is the one to use. The quiet zone around
/// the symbol counts as the light area a finder-like pattern may border. Scored on <see cref="QrLines"/>, 64 module
/// positions per step: bit j of <c>At(k)</c> is the module k places after position j.
/// </summary>
internal static class QrPenalty
{
    public static int Of(ReadOnlySpan<byte> modules, int size) => Of(QrLines.From(modules, size));

    public static int Of(QrLines lines)
    {
        var size = lines.Size;
        var penalty = 0;
        for (var i = 0; i < size; i++)
        {
            penalty += Line(lines.Rows.AsSpan(i * lines.Words, lines.Words), size);
            penalty += Line(lines.Columns.AsSpan(i * lines.Words, lines.Words), size);
        }
        return penalty + SameColourBlocks(lines) + Balance(lines);
    }

    /// <summary>Runs of five or more of one colour (N1: 3 + length − 5) and finder-like 1011101 beside four light (N3: 40).</summary>
    private static int Line(ReadOnlySpan<ulong> line, int size)
    {
        var runWindows = 0;
        var runStarts = 0;
        var finderLike = 0;
        var previousWindows = 0UL;
        for (var chunk = 0; chunk < line.Length - 1; chunk++)
        {
            // m(k): bit j is the module at position 64·chunk + j + k.
            var reader = new Reader(line[chunk], line[chunk + 1]);
            var (m0, m1, m2, m3, m4, m5) = (reader.At(0), reader.At(1), reader.At(2), reader.At(3), reader.At(4), reader.At(5));
            var (m6, m7, m8, m9, m10) = (reader.At(6), reader.At(7), reader.At(8), reader.At(9), reader.At(10));

            // Positions p where modules p..p+4 are all one colour, p within the symbol and p+4 too: a run of L ≥ 5 has
            // L − 4 of them, the first of which follows none, so the run scores (L − 4) + 2.
            var fiveAlike = ~((m0 ^ m1) | (m0 ^ m2) | (m0 ^ m3) | (m0 ^ m4)) & Positions(chunk, QrCode.QuietZone, QrCode.QuietZone + size - 5);
            runWindows += BitOperations.PopCount(fiveAlike);
            runStarts += BitOperations.PopCount(fiveAlike & ~((fiveAlike << 1) | (previousWindows >> 63)));
            previousWindows = fiveAlike;

            // 1011101 at p with four light after it, or at p + 4 with four light before it. Dark modules of a pattern lie
            // inside the symbol and everything past it is light, so no range check is needed.
            var finderThenLight = m0 & ~m1 & m2 & m3 & m4 & ~m5 & m6 & ~(m7 | m8 | m9 | m10);
            var lightThenFinder = ~(m0 | m1 | m2 | m3) & m4 & ~m5 & m6 & m7 & m8 & ~m9 & m10;
            finderLike += BitOperations.PopCount(finderThenLight) + BitOperations.PopCount(lightThenFinder);
        }
        return runWindows + 2 * runStarts + 40 * finderLike;
    }

    /// <summary>N2: 3 for every 2×2 block of one colour, overlapping blocks counted each.</summary>
    private static int SameColourBlocks(QrLines lines)
    {
        var blocks = 0;
        for (var y = 0; y < lines.Size - 1; y++)
        {
            var top = lines.Rows.AsSpan(y * lines.Words, lines.Words);
            var bottom = lines.Rows.AsSpan((y + 1) * lines.Words, lines.Words);
            for (var chunk = 0; chunk < lines.Chunks; chunk++)
            {
                var upper = new Reader(top[chunk], top[chunk + 1]);
                var lower = new Reader(bottom[chunk], bottom[chunk + 1]);
                var corner = upper.At(0);
                var alike = ~((corner ^ upper.At(1)) | (corner ^ lower.At(0)) | (corner ^ lower.At(1)));
                blocks += BitOperations.PopCount(alike & Positions(chunk, QrCode.QuietZone, QrCode.QuietZone + lines.Size - 2));
            }
        }
        return 3 * blocks;
    }

    /// <summary>N4: 10 for every full 5 % the share of dark modules strays from 50 %.</summary>
    private static int Balance(QrLines lines)
    {
        var dark = 0;
        foreach (var word in lines.Rows)
        {
            dark += BitOperations.PopCount(word);
        }
        var total = lines.Size * lines.Size;
        return 10 * (Math.Abs(20 * dark - 10 * total) / total);
    }

    /// <summary>Bits of <paramref name="chunk"/> at line positions first..last.</summary>
    private static ulong Positions(int chunk, int first, int last)
    {
        var from = Math.Clamp(first - chunk * 64, 0, 64);
        var to = Math.Clamp(last - chunk * 64 + 1, 0, 64);
        return from >= to ? 0 : (to == 64 ? ulong.MaxValue : (1UL << to) - 1) & ~((1UL << from) - 1);
    }

    /// <summary>Two consecutive words of a line, read at an offset: bit j of At(k) is position 64·chunk + j + k.</summary>
    private readonly struct Reader(ulong low, ulong high)
    {
        public ulong At(int offset) => offset == 0 ? low : (low >> offset) | (high << (64 - offset));
    }
}
