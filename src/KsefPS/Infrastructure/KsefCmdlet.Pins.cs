using System.Security;
using KsefPS.Core.Certificates;
using KsefPS.Core.Errors;
using KsefPS.Core.Pkcs11;
using KsefPS.Core.Store;

namespace KsefPS.Infrastructure;

/// <summary>PINs of PKCS#11 tokens as the engine wants them.</summary>
public abstract partial class KsefCmdlet
{
    /// <summary>
    /// The PIN of a token: -Pin (copied, so the caller's object may go); else none here when the entry has one saved
    /// (the store opens it); else, where a person is there, asked for now on the pipeline thread, before any background
    /// work starts. Otherwise the token's first login says PinRequired.
    /// </summary>
    protected Pkcs11Pin TokenPin(SecureString? given, string what, bool saved = false)
    {
        if (given is not null)
        {
            var copy = given.Copy();
            copy.MakeReadOnly();
            return new Pkcs11Pin(copy, null);
        }
        if (saved || !IsInteractive())
        {
            return Pkcs11Pin.None;
        }
        Host.UI.Write($"PIN for {what}: ");
        var typed = Host.UI.ReadLineAsSecureString();
        typed.MakeReadOnly();
        return new Pkcs11Pin(typed, null);
    }

    /// <summary>
    /// A -Pkcs11Library path resolved against the PowerShell location. A bare file name is refused: the loader would look
    /// for it in folders KsefPS does not control, and the library is native code that runs in this process.
    /// </summary>
    protected string LibraryPath(string path)
    {
        if (!path.Contains('/') && !path.Contains('\\'))
        {
            ThrowKsefError(new KsefException(ErrorIds.Pkcs11LibraryInvalid, KsefErrorKind.InvalidArgument,
                $"Give the PKCS#11 library as a path ('{path}' is a bare name that would be looked up in the system's library folders), for example /usr/lib/softhsm/libsofthsm2.so.", path));
        }
        return ResolvePath(path);
    }

    /// <summary>The PIN for a stored entry whose key is on a token (null for other entries, which need none).</summary>
    protected Pkcs11Pin? EntryPin(StoredCertificate entry, SecureString? given) =>
        entry.KeySource == KeySource.Pkcs11 ? TokenPin(given, $"the token holding the key of '{entry.Name}'", entry.PinSaved) : null;

    /// <summary>The PIN to seal with an entry (-SavePin), UTF-8; the caller zeroes it. -SavePin without a PIN is PinRequired.</summary>
    protected static byte[] PinToSave(Pkcs11Pin pin, bool savePin) =>
        !savePin ? []
        : pin.Given is { } given ? Pkcs11Pin.Utf8(given)
        : throw new KsefException(ErrorIds.PinRequired, KsefErrorKind.InvalidArgument, "-SavePin needs the PIN to save: give -Pin.");
}
