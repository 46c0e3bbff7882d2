using System.Runtime.CompilerServices;
namespace KsefPS.Core.Offline;

/// <summary>RFC 4648 §5 without padding, as KSeF links carry hashes and signatures (BRIEF §9.2).</summary>
public static class Base64Url
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Accepts Base64URL or standard Base64, padded or not.</summary>
    public static byte[] Decode(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }
}
