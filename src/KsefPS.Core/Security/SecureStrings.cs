using System.Runtime.InteropServices;
using System.Security;

namespace KsefPS.Core.Security;

/// <summary>Short-lived plaintext views of a SecureString, zeroed as soon as the callback returns.</summary>
public static class SecureStrings
{
    public delegate T CharsFunc<T>(ReadOnlySpan<char> chars);

    public static T Use<T>(SecureString? secret, CharsFunc<T> action)
    {
        if (secret is null || secret.Length == 0)
        {
            return action(ReadOnlySpan<char>.Empty);
        }
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try
        {
            unsafe
            {
                return action(new ReadOnlySpan<char>((char*)pointer, secret.Length));
            }
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }

    /// <summary>UTF-8 bytes of the secret; the caller zeroes the array.</summary>
    public static byte[] ToUtf8(SecureString secret) =>
        Use(secret, chars =>
        {
            var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(chars)];
            System.Text.Encoding.UTF8.GetBytes(chars, bytes);
            return bytes;
        });

    public static SecureString FromString(string value)
    {
        var secure = new SecureString();
        foreach (var c in value)
        {
            secure.AppendChar(c);
        }
        secure.MakeReadOnly();
        return secure;
    }
}
