using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace KsefPS.Core.Security;

/// <summary>
/// An ECDSA P-256 key that signs through one OpenSSL signing context kept for its whole life. .NET's own key sets a new
/// context up for every signature, and OpenSSL 3 looks the algorithm up in its provider tables, under locks, each time:
/// 29 µs a signature on the bench machine against 24.5 µs with the context kept, a twentieth of the CPU that protecting
/// an invoice costs. Everything but signing (verifying, exporting) is done by the .NET key it wraps.
/// One object per thread: an OpenSSL context must not be used by two threads at once.
/// Only where .NET itself uses OpenSSL 3 on 64-bit Linux; anywhere else, or where anything about the library or the key is
/// not as expected, <see cref="TryWrap"/> answers null and the caller signs with the .NET key as before.
/// </summary>
internal sealed unsafe partial class OpenSslEcdsa : ECDsa
{
    private const string Library = "libcrypto.so.3";
    private const int EcKeyType = 408;             // EVP_PKEY_EC (NID_X9_62_id_ecPublicKey)
    private const int FieldBytes = 32;             // P-256: r and s are 32 bytes each
    private const int MaxDerSignature = 72;        // SEQUENCE of two INTEGERs of up to 33 bytes
    private const string P256 = "1.2.840.10045.3.1.7";

    private static bool _unavailable = !OperatingSystem.IsLinux() || !Environment.Is64BitProcess;

    private readonly ECDsa _key;
    private readonly SigningContext _context;

    private OpenSslEcdsa(ECDsa key, SigningContext context)
    {
        _key = key;
        _context = context;
        KeySizeValue = key.KeySize;
        LegalKeySizesValue = [new KeySizes(256, 256, 0)];
    }

    /// <summary>
    /// A key signing through a kept context, made from the same PKCS#8 the .NET key was imported from, and owning that key;
    /// null (the key left to the caller) where this cannot be done. A first signature is checked with the .NET key.
    /// </summary>
    public static ECDsa? TryWrap(ECDsa key, ReadOnlySpan<byte> pkcs8)
    {
        if (_unavailable || key.KeySize != 256 || key.ExportParameters(false).Curve.Oid?.Value != P256)
        {
            return null;
        }
        SigningContext? context = null;
        try
        {
            // The same OpenSSL as .NET's, already loaded: never a second libcrypto in the process.
            if (!OperatingSystem.IsLinux() || SafeEvpPKeyHandle.OpenSslVersion >> 28 != 3 || (long)VersionNumber() != SafeEvpPKeyHandle.OpenSslVersion)
            {
                _unavailable = true;
                return null;
            }
            context = SigningContext.Open(pkcs8);
            if (context is null)
            {
                return null;
            }
            var wrapped = new OpenSslEcdsa(key, context);
            Span<byte> probe = stackalloc byte[FieldBytes];
            RandomNumberGenerator.Fill(probe);
            Span<byte> signature = stackalloc byte[2 * FieldBytes];
            if (wrapped.TrySignKept(probe, signature) && key.VerifyHash(probe, signature))
            {
                return wrapped;
            }
            context.Dispose();
            return null;
        }
        catch (Exception e)
        {
            // Only ever a shorter way: whatever goes wrong setting it up, the .NET key signs as before.
            context?.Dispose();
            _unavailable |= e is DllNotFoundException or EntryPointNotFoundException;
            return null;
        }
    }

    public override byte[] SignHash(byte[] hash)
    {
        var signature = new byte[2 * FieldBytes];
        return TrySignHashCore(hash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out _)
            ? signature
            : throw new CryptographicException("The signature could not be made.");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override bool TrySignHashCore(ReadOnlySpan<byte> hash, Span<byte> destination, DSASignatureFormat signatureFormat, out int bytesWritten)
    {
        if (signatureFormat == DSASignatureFormat.IeeeP1363FixedFieldConcatenation && destination.Length >= 2 * FieldBytes
            && TrySignKept(hash, destination[..(2 * FieldBytes)]))
        {
            bytesWritten = 2 * FieldBytes;
            return true;
        }
        // Another format, a short buffer or an OpenSSL failure: .NET's key says what it would.
        return _key.TrySignHash(hash, destination, signatureFormat, out bytesWritten);
    }

    // SignData hashes with this, so it does not depend on ECDsa's defaults for a derived class.
    protected override bool TryHashData(ReadOnlySpan<byte> data, Span<byte> destination, HashAlgorithmName hashAlgorithm, out int bytesWritten) =>
        hashAlgorithm == HashAlgorithmName.SHA256
            ? SHA256.TryHashData(data, destination, out bytesWritten)
            : throw new CryptographicException($"KOD II is signed with SHA-256, not {hashAlgorithm.Name}.");

    protected override byte[] HashData(byte[] data, int offset, int count, HashAlgorithmName hashAlgorithm)
    {
        var hash = new byte[FieldBytes];
        TryHashData(data.AsSpan(offset, count), hash, hashAlgorithm, out _);
        return hash;
    }

    public override bool VerifyHash(byte[] hash, byte[] signature) => _key.VerifyHash(hash, signature);

    public override bool VerifyHash(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature) => _key.VerifyHash(hash, signature);

    protected override bool VerifyHashCore(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, DSASignatureFormat signatureFormat) =>
        _key.VerifyHash(hash, signature, signatureFormat);

    public override ECParameters ExportParameters(bool includePrivateParameters) => _key.ExportParameters(includePrivateParameters);

    public override ECParameters ExportExplicitParameters(bool includePrivateParameters) => _key.ExportExplicitParameters(includePrivateParameters);

    public override void ImportParameters(ECParameters parameters) => throw new NotSupportedException("This key is fixed when it is made.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _context.Dispose();
            _key.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Signs a SHA-256 hash into r‖s; false where OpenSSL fails (its error queue is then cleared, as .NET expects).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TrySignKept(ReadOnlySpan<byte> hash, Span<byte> rs)
    {
        if (hash.Length != FieldBytes)
        {
            return false;
        }
        var der = stackalloc byte[MaxDerSignature];
        nuint length = MaxDerSignature;
        var added = false;
        try
        {
            _context.DangerousAddRef(ref added);
            int result;
            fixed (byte* hashPointer = hash)
            {
                result = Sign(_context.DangerousGetHandle(), der, &length, hashPointer, FieldBytes);
            }
            if (result == 1 && FromDer(new ReadOnlySpan<byte>(der, (int)Math.Min(length, MaxDerSignature)), rs))
            {
                return true;
            }
            ClearErrors();
            return false;
        }
        finally
        {
            if (added)
            {
                _context.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// ECDSA-Sig-Value (SEQUENCE { INTEGER r, INTEGER s }, DER) to r and s as 32 bytes each, big-endian, left-padded.
    /// Strict: any other shape answers false.
    /// </summary>
    internal static bool FromDer(ReadOnlySpan<byte> der, Span<byte> rs)
    {
        if (der.Length < 8 || der[0] != 0x30 || der[1] != der.Length - 2)
        {
            return false;
        }
        var rest = der[2..];
        return TakeInteger(ref rest, rs[..FieldBytes]) && TakeInteger(ref rest, rs[FieldBytes..]) && rest.IsEmpty;
    }

    private static bool TakeInteger(ref ReadOnlySpan<byte> rest, Span<byte> field)
    {
        if (rest.Length < 3 || rest[0] != 0x02 || rest[1] == 0 || rest[1] > FieldBytes + 1 || rest[1] > rest.Length - 2)
        {
            return false;
        }
        var value = rest.Slice(2, rest[1]);
        rest = rest[(2 + value.Length)..];
        if ((value[0] & 0x80) != 0 || (value.Length > 1 && value[0] == 0 && (value[1] & 0x80) == 0))
        {
            return false; // negative, or not minimal
        }
        if (value.Length == FieldBytes + 1)
        {
            value = value[1..];
        }
        field[..(FieldBytes - value.Length)].Clear();
        value.CopyTo(field[(FieldBytes - value.Length)..]);
        return true;
    }

    /// <summary>An EVP_PKEY_CTX set up for signing; it holds the only reference to its key.</summary>
    private sealed class SigningContext() : SafeHandle(0, ownsHandle: true)
    {
        public override bool IsInvalid => handle == 0;

        public static SigningContext? Open(ReadOnlySpan<byte> pkcs8)
        {
            nint key;
            fixed (byte* start = pkcs8)
            {
                var cursor = start;
                key = ReadPrivateKey(0, &cursor, pkcs8.Length);
            }
            if (key == 0)
            {
                ClearErrors();
                return null;
            }
            try
            {
                if (KeyType(key) != EcKeyType || KeyBits(key) != 256)
                {
                    return null;
                }
                var context = new SigningContext();
                context.SetHandle(NewContext(key, 0));
                if (context.IsInvalid || SignInit(context.handle) != 1)
                {
                    ClearErrors();
                    context.Dispose();
                    return null;
                }
                return context;
            }
            finally
            {
                FreeKey(key); // the context keeps its own reference
            }
        }

        protected override bool ReleaseHandle()
        {
            FreeContext(handle);
            return true;
        }
    }

    // Pointers and integers only, so that the calls need no marshalling code.
    [LibraryImport(Library, EntryPoint = "OpenSSL_version_num")]
    private static partial nuint VersionNumber();

    [LibraryImport(Library, EntryPoint = "d2i_AutoPrivateKey")]
    private static partial nint ReadPrivateKey(nint reuse, byte** cursor, nint length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_get_base_id")]
    private static partial int KeyType(nint key);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_get_bits")]
    private static partial int KeyBits(nint key);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_free")]
    private static partial void FreeKey(nint key);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_CTX_new")]
    private static partial nint NewContext(nint key, nint engine);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_sign_init")]
    private static partial int SignInit(nint context);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_sign")]
    private static partial int Sign(nint context, byte* signature, nuint* signatureLength, byte* hash, nuint hashLength);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_CTX_free")]
    private static partial void FreeContext(nint context);

    [LibraryImport(Library, EntryPoint = "ERR_clear_error")]
    private static partial void ClearErrors();
}
