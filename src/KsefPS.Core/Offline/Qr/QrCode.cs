using System.Numerics;
using System.Text;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Offline.Qr;

/// <summary>
/// A QR code (ISO/IEC 18004) of a text in byte mode at error-correction level M, the smallest version that holds it,
/// with the mask of lowest penalty. Text within ISO-8859-1 (QR's default character set, and all of any URL) is encoded
/// as such; other text as UTF-8 behind ECI 26.
/// </summary>
public sealed class QrCode
{
    /// <summary>The light margin ISO/IEC 18004 requires around a symbol, in modules.</summary>
    public const int QuietZone = 4;

    private const int Utf8Eci = 26;

    private readonly byte[] _modules;

    private QrCode(int version, int mask, byte[] modules)
    {
        Version = version;
        Mask = mask;
        Size = QrVersion.Get(version).Size;
        _modules = modules;
    }

    public int Version { get; }
    public int Mask { get; }

    /// <summary>Modules per side, without the quiet zone.</summary>
    public int Size { get; }

    public bool IsDark(int x, int y) => _modules[y * Size + x] != 0;

    public static QrCode Encode(string text) => Encode(text, forcedMask: null);

    internal static QrCode Encode(string text, int? forcedMask)
    {
        var (payload, eci) = Payload(text);
        var version = QrVersion.Smallest(v => QrCodewords.BitLength(v, payload.Length, eci))
            ?? throw new KsefException(ErrorIds.LinkInvalid, KsefErrorKind.InvalidArgument,
                $"The text is {payload.Length:N0} bytes, too long for a QR code: at error-correction level M one holds at most 2,331.");
        var template = QrTemplate.For(version);
        var unmasked = Place(template, QrCodewords.Build(version, payload, eci));

        var mask = forcedMask ?? LowestPenaltyMask(template, unmasked);
        var modules = new byte[unmasked.Length];
        Xor(unmasked, template.MaskPatterns[mask], modules);
        QrFormat.Draw(modules, template.FormatModules, mask);
        return new QrCode(version.Number, mask, modules);
    }

    private static int LowestPenaltyMask(QrTemplate template, byte[] unmasked)
    {
        var lines = QrLines.From(unmasked, template.Size);
        var candidate = new QrLines(template.Size);
        var best = 0;
        var bestPenalty = int.MaxValue;
        for (var mask = 0; mask < 8; mask++)
        {
            lines.Xor(template.MaskLines[mask], candidate);
            QrFormat.Draw(candidate, template.FormatModules, mask);
            var penalty = QrPenalty.Of(candidate);
            if (penalty < bestPenalty)
            {
                best = mask;
                bestPenalty = penalty;
            }
        }
        return best;
    }

    private static (byte[] Payload, int? Eci) Payload(string text)
    {
        foreach (var c in text)
        {
            if (c > 0xFF)
            {
                return (Encoding.UTF8.GetBytes(text), Utf8Eci);
            }
        }
        return (Encoding.Latin1.GetBytes(text), null);
    }

    private static byte[] Place(QrTemplate template, byte[] codewords)
    {
        var modules = template.FunctionModules.ToArray();
        var order = template.DataModules;
        // Any modules past the codewords are remainder bits, left light before masking.
        for (var bit = 0; bit < codewords.Length * 8; bit++)
        {
            modules[order[bit]] = (byte)((codewords[bit >> 3] >> (7 - (bit & 7))) & 1);
        }
        return modules;
    }

    private static void Xor(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> result)
    {
        var i = 0;
        for (; i <= left.Length - Vector<byte>.Count; i += Vector<byte>.Count)
        {
            (new Vector<byte>(left[i..]) ^ new Vector<byte>(right[i..])).CopyTo(result[i..]);
        }
        for (; i < left.Length; i++)
        {
            result[i] = (byte)(left[i] ^ right[i]);
        }
    }
}
