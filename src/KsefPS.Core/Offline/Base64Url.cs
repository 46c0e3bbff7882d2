using System.Runtime.CompilerServices;
namespace KsefPS.Core.Offline;

/// <summary>RFC 4648 §5 without padding, as KSeF links carry hashes and signatures (BRIEF §9.2).</summary>
public static class Base64Url
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>
    /// Written out here rather than through Convert.ToBase64String and three replacements: the framework's encoder is
    /// generic code .NET does not precompile, so a fresh process ran it unoptimized for every invoice's three links.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var length = EncodedLength(bytes.Length);
        Span<char> text = length <= 256 ? stackalloc char[length] : new char[length];
        Encode(bytes, text);
        return new string(text);
    }

    /// <summary>The number of characters <paramref name="byteCount"/> bytes encode to.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int EncodedLength(int byteCount) => byteCount / 3 * 4 + (byteCount % 3) switch { 0 => 0, 1 => 2, _ => 3 };

    /// <summary>Encodes into the first <see cref="EncodedLength"/> characters of <paramref name="text"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Encode(ReadOnlySpan<byte> bytes, Span<char> text)
    {
        var at = 0;
        var i = 0;
        for (; i + 3 <= bytes.Length; i += 3)
        {
            var group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
            text[at++] = Alphabet[group >> 18];
            text[at++] = Alphabet[(group >> 12) & 63];
            text[at++] = Alphabet[(group >> 6) & 63];
            text[at++] = Alphabet[group & 63];
        }
        if (i < bytes.Length)
        {
            var group = bytes[i] << 16 | (i + 1 < bytes.Length ? bytes[i + 1] << 8 : 0);
            text[at++] = Alphabet[group >> 18];
            text[at++] = Alphabet[(group >> 12) & 63];
            if (i + 1 < bytes.Length)
            {
                text[at] = Alphabet[(group >> 6) & 63];
            }
        }
    }

    /// <summary>Accepts Base64URL or standard Base64, padded or not.</summary>
    public static byte[] Decode(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }
}
