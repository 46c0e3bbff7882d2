using KsefPS.Core.Errors;
using KsefPS.Core.Offline;
using KsefPS.Core.Offline.Qr;
using KsefPS.Core.Tests.Support;
using QRCoder;

namespace KsefPS.Core.Tests.Offline;

public sealed class QrCodeTests : IDisposable
{
    private const int QrCoderQuietZone = 4;

    /// <summary>Bytes each version holds in byte mode at level M (ISO/IEC 18004 table 7), versions 1–40.</summary>
    private static readonly int[] ByteCapacity =
    [
        14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
        711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331,
    ];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Every version, at its full capacity and partly filled (padding codewords).</summary>
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        foreach (var capacity in ByteCapacity)
        {
            data.Add(capacity);
            data.Add(capacity - 5);
        }
        return data;
    }

    [Fact]
    public void Each_text_takes_the_smallest_version_that_holds_it_and_longer_ones_are_refused()
    {
        for (var version = 1; version <= 40; version++)
        {
            var capacity = ByteCapacity[version - 1];
            Assert.Equal(version, QrCode.Encode(TextOf(capacity, seed: version)).Version);
            Assert.Equal(17 + 4 * version, QrCode.Encode(TextOf(capacity, seed: version)).Size);
            if (version < 40)
            {
                Assert.Equal(version + 1, QrCode.Encode(TextOf(capacity + 1, seed: version)).Version);
            }
        }
        var refused = KsefAssert.Fails(ErrorIds.LinkInvalid, () => QrCode.Encode(TextOf(2332, seed: 1)));
        Assert.Contains("2,331", refused.Message);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void With_the_same_mask_each_symbol_is_QRCoders_module_for_module(int length)
    {
        var text = TextOf(length, seed: length);
        var theirs = QrCoderModules(text);
        var ours = QrCode.Encode(text);
        Assert.Equal(theirs.GetLength(0), ours.Size);
        var sameMask = QrCode.Encode(text, MaskOf(theirs));
        for (var y = 0; y < ours.Size; y++)
        {
            for (var x = 0; x < ours.Size; x++)
            {
                Assert.True(theirs[y, x] == sameMask.IsDark(x, y), $"module ({x},{y}) of version {ours.Version}");
            }
        }
    }

    [Fact]
    public void Every_version_decodes_with_zbarimg_to_exactly_its_text()
    {
        var texts = new List<string>();
        var files = new List<string>();
        for (var version = 1; version <= 40; version++)
        {
            var text = TextOf(ByteCapacity[version - 1], seed: 100 + version);
            texts.Add(text);
            files.Add($"v{version}.png");
            File.WriteAllBytes(_dir.File(files[^1]), QrImage.Render(text, "", QrImageFormat.Png));
        }
        var (exitCode, output, error) = ExternalTool.RunSeparately("zbarimg", _dir.Path, ["--quiet", "--raw", .. files]);
        Assert.True(exitCode == 0, error);
        Assert.Equal(texts, output.TrimEnd('\n').Split('\n'));
    }

    /// <summary>ISO-8859-1 is QR's default character set; anything beyond it goes as UTF-8 announced by ECI 26.</summary>
    [Theory]
    [InlineData("https://example.pl/faktura?nr=FV/1/2026", false)]
    [InlineData("Café crème", false)]
    [InlineData("Zażółć gęślą jaźń €", true)]
    public void Text_beyond_ISO_8859_1_is_UTF_8_behind_ECI_and_decodes_exactly(string text, bool expectEci)
    {
        File.WriteAllBytes(_dir.File("code.png"), QrImage.Render(text, "", QrImageFormat.Png));
        var (exitCode, output, error) = ExternalTool.RunSeparately("zbarimg", _dir.Path, "--quiet", "--raw", "code.png");
        Assert.True(exitCode == 0, error);
        Assert.Equal(text, output.TrimEnd('\n'));
        var code = QrCode.Encode(text);
        var expectedBytes = expectEci ? System.Text.Encoding.UTF8.GetByteCount(text) : text.Length;
        var expectedBits = (expectEci ? 12 : 0) + 4 + 8 + 8 * expectedBytes;
        Assert.Equal(ByteCapacity.Select((bytes, i) => (Version: i + 1, Bits: 4 + 8 + 8 * bytes)).First(v => v.Bits >= expectedBits).Version, code.Version);
    }

    [Fact]
    public void The_chosen_mask_scores_lowest_and_the_score_follows_the_four_rules()
    {
        const string url = "https://qr-test.ksef.mf.gov.pl/invoice/5265877635/29-07-2025/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE";
        var chosen = QrCode.Encode(url);
        var penalties = Enumerable.Range(0, 8).Select(mask => QrPenalty.Of(Modules(QrCode.Encode(url, mask)), chosen.Size)).ToArray();
        Assert.Equal(penalties.Min(), penalties[chosen.Mask]);
        Assert.Equal(penalties.ToList().IndexOf(penalties.Min()), chosen.Mask);

        // All light, 21×21: N1 42 lines × (3 + 16), N2 400 blocks × 3, N3 none, N4 50 % off → 10 × 10.
        Assert.Equal(42 * 19 + 400 * 3 + 100, QrPenalty.Of(new byte[21 * 21], 21));
        // A checkerboard: no run, no block, no finder-like pattern, balanced.
        Assert.Equal(0, QrPenalty.Of(Enumerable.Range(0, 11 * 11).Select(i => (byte)((i / 11 + i % 11) % 2)).ToArray(), 11));
        // 11×11 light but for 1011101 across row 5 (columns 2–8): row 5 has it with four light modules each side
        // (the quiet zone counting as light), so N3 twice; every other row and all but the 5 crossed columns are light runs.
        var finder = new byte[11 * 11];
        foreach (var x in new[] { 2, 4, 5, 6, 8 })
        {
            finder[5 * 11 + x] = 1;
        }
        var runs = 10 * (3 + 6) + 6 * (3 + 6) + 5 * 2 * 3; // light rows; light columns; crossed columns: two runs of 5 each
        var blocks = 3 * (100 - 2 * 8); // the pairs of rows 4–5 and 5–6 are mixed where columns x, x+1 touch a dark: x = 1..8
        Assert.Equal(runs + blocks + 2 * 40 + 10 * 9, QrPenalty.Of(finder, 11));
    }

    [Fact]
    public void Bit_parallel_scoring_equals_the_rules_read_module_by_module()
    {
        var random = new Random(7);
        for (var version = 1; version <= 40; version++)
        {
            var size = 17 + 4 * version;
            var noise = new byte[size * size];
            for (var i = 0; i < noise.Length; i++)
            {
                noise[i] = (byte)(random.Next(4) == 0 ? 1 : 0);
            }
            Assert.Equal(ReferencePenalty.Of(noise, size), QrPenalty.Of(noise, size));
            var text = TextOf(ByteCapacity[version - 1] - 3, seed: version);
            for (var mask = 0; mask < 8; mask++)
            {
                var code = QrCode.Encode(text, mask);
                Assert.Equal(version, code.Version);
                var symbol = Modules(code);
                Assert.Equal(ReferencePenalty.Of(symbol, size), QrPenalty.Of(symbol, size));
            }
        }
    }

    private static byte[] Modules(QrCode code)
    {
        var modules = new byte[code.Size * code.Size];
        for (var y = 0; y < code.Size; y++)
        {
            for (var x = 0; x < code.Size; x++)
            {
                modules[y * code.Size + x] = code.IsDark(x, y) ? (byte)1 : (byte)0;
            }
        }
        return modules;
    }

    /// <summary>
    /// Random text with no digit or capital letter: QRCoder switches runs of those to numeric or alphanumeric mode when
    /// that saves bits (a valid choice we do not make), and the comparison needs both in byte mode throughout.
    /// </summary>
    private static string TextOf(int length, int seed)
    {
        var random = new Random(seed);
        const string alphabet = "abcdefghijklmnopqrstuvwxyz_~=&?";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }
        return new string(chars);
    }

    private static bool[,] QrCoderModules(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var size = data.ModuleMatrix.Count - 2 * QrCoderQuietZone;
        var modules = new bool[size, size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                modules[y, x] = data.ModuleMatrix[y + QrCoderQuietZone][x + QrCoderQuietZone];
            }
        }
        return modules;
    }

    /// <summary>The mask a symbol declares, read from its first copy of the format information (bits 10–12, XOR 101).</summary>
    private static int MaskOf(bool[,] modules)
    {
        var bits = 0;
        (int X, int Y)[] firstCopy = [(8, 0), (8, 1), (8, 2), (8, 3), (8, 4), (8, 5), (8, 7), (8, 8), (7, 8), (5, 8), (4, 8), (3, 8), (2, 8), (1, 8), (0, 8)];
        for (var i = 0; i < 15; i++)
        {
            bits |= (modules[firstCopy[i].Y, firstCopy[i].X] ? 1 : 0) << i;
        }
        return ((bits ^ 0x5412) >> 10) & 0b111;
    }
}

/// <summary>
/// The penalty rules read module by module, as ISO/IEC 18004 §7.8.3 states them: the reference the engine's
/// bit-parallel scoring is compared with.
/// </summary>
internal static class ReferencePenalty
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
