namespace KsefPS.Emulator.Infrastructure;

/// <summary>Base64URL without padding (RFC 4648 §5), as tokens and QR links carry bytes.</summary>
public static class Base64Url
{
    public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The bytes; null when the text is not Base64URL.</summary>
    public static byte[]? Decode(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        try
        {
            return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
