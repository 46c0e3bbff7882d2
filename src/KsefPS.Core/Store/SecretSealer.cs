using System.Security.Cryptography;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Store;

/// <summary>
/// AES-256-GCM sealing of one secret under the store key. Blob: version(1) ‖ nonce(12) ‖ tag(16) ‖ ciphertext.
/// The associated data names the row the secret belongs to, so a blob copied to another row does not open.
/// </summary>
public static class SecretSealer
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var blob = new byte[HeaderSize + plaintext.Length];
        blob[0] = Version;
        var nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(HeaderSize), blob.AsSpan(1 + NonceSize, TagSize), associatedData);
        return blob;
    }

    /// <summary>Opens a sealed blob; the caller zeroes the result.</summary>
    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> blob, ReadOnlySpan<byte> associatedData)
    {
        if (blob.Length < HeaderSize || blob[0] != Version)
        {
            throw Invalid(null);
        }
        var plaintext = new byte[blob.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(blob.Slice(1, NonceSize), blob[HeaderSize..], blob.Slice(1 + NonceSize, TagSize), plaintext, associatedData);
            return plaintext;
        }
        catch (CryptographicException e)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw Invalid(e);
        }
    }

    internal static KsefException Invalid(Exception? inner) =>
        new(ErrorIds.SealedSecretInvalid, KsefErrorKind.SecurityError,
            "A sealed secret in the store failed its integrity check: it was altered, moved to another entry, or sealed under another store key.",
            null, inner);
}
