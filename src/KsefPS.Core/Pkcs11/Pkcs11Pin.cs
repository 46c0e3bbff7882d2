using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Pkcs11;

/// <summary>
/// Where the PIN of a token comes from, in this order: the one the caller gave (<c>-Pin</c>), the one sealed in the
/// store with the entry (<c>-SavePin</c>), a question to the person at the keyboard where there is one. Without any of
/// them: PinRequired. The PIN is asked for only when the token needs a login that has not happened.
/// </summary>
public sealed class Pkcs11Pin
{
    public static readonly Pkcs11Pin None = new(null, null);

    public Pkcs11Pin(SecureString? given, Func<string, SecureString?>? ask, Func<byte[]?>? saved = null)
    {
        Given = given;
        Ask = ask;
        Saved = saved;
    }

    public SecureString? Given { get; }

    /// <summary>Asks the person at the keyboard (the text names the token); null where nobody can answer.</summary>
    public Func<string, SecureString?>? Ask { get; }

    /// <summary>The PIN sealed in the store with the entry, unsealed as UTF-8 (the caller zeroes it); null when none was saved.</summary>
    public Func<byte[]?>? Saved { get; }

    public Pkcs11Pin WithSaved(Func<byte[]?> saved) => new(Given, Ask, saved);

    /// <summary>The PIN to seal with a new entry (UTF-8; the caller zeroes it): the one given, else the one saved; empty when neither.</summary>
    public byte[] ToSave() => Given is not null ? Utf8(Given) : Saved?.Invoke() ?? [];

    /// <summary>The PIN as UTF-8 bytes for C_Login. The caller must zero the array.</summary>
    internal byte[] Take(string who)
    {
        if (Given is not null)
        {
            return Utf8(Given);
        }
        if (Saved?.Invoke() is { } saved)
        {
            return saved;
        }
        if (Ask?.Invoke($"PIN for {who}") is { } answered)
        {
            using (answered)
            {
                return Utf8(answered);
            }
        }
        throw new KsefException(ErrorIds.PinRequired, KsefErrorKind.InvalidArgument,
            $"The token holding {who} needs its PIN and nobody here can type it: give -Pin, or store it with the entry (Add-KsefCertificate -SavePin).", who);
    }

    /// <summary>The PIN as UTF-8 bytes; the caller zeroes them.</summary>
    public static byte[] Utf8(SecureString pin)
    {
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(pin);
        var chars = new char[pin.Length];
        try
        {
            Marshal.Copy(pointer, chars, 0, chars.Length);
            return Encoding.UTF8.GetBytes(chars);
        }
        finally
        {
            Array.Clear(chars);
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}
