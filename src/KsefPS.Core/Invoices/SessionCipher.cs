using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Api;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Invoices;

/// <summary>
/// The AES-256 key and IV of one online session or one export (BRIEF §7.1, §8.3): the key travels wrapped with
/// RSA-OAEP-SHA256 under the Ministry's SymmetricKeyEncryption certificate; each invoice (or export part) is AES-256-CBC
/// with PKCS#7 padding, the IV not prepended.
/// </summary>
internal sealed class SessionCipher : IDisposable
{
    private readonly Aes _aes = Aes.Create();
    private readonly byte[] _iv = RandomNumberGenerator.GetBytes(16);

    public SessionCipher()
    {
        _aes.KeySize = 256;
        _aes.GenerateKey();
    }

    /// <summary>Key and IV (48 bytes), for sealing in the send journal; the caller zeroes it.</summary>
    public byte[] ExportKeyMaterial()
    {
        lock (_aes)
        {
            return [.. _aes.Key, .. _iv];
        }
    }

    public (string WrappedKey, string Iv) Wrap(PublicKeys.PublicKey publicKey)
    {
        using var rsa = publicKey.Certificate.GetRSAPublicKey()
            ?? throw new KsefException(ErrorIds.KsefAnswerInvalid, KsefErrorKind.InvalidData,
                "KSeF's SymmetricKeyEncryption certificate carries no RSA key; nothing can be encrypted for it.");
        return (Convert.ToBase64String(rsa.Encrypt(_aes.Key, RSAEncryptionPadding.OaepSHA256)), Convert.ToBase64String(_iv));
    }

    public byte[] Encrypt(byte[] plain)
    {
        lock (_aes)
        {
            return _aes.EncryptCbc(plain, _iv, PaddingMode.PKCS7);
        }
    }

    public byte[] Decrypt(byte[] encrypted)
    {
        lock (_aes)
        {
            return _aes.DecryptCbc(encrypted, _iv, PaddingMode.PKCS7);
        }
    }

    /// <summary>For streaming a batch part through a CryptoStream.</summary>
    public ICryptoTransform CreateEncryptor()
    {
        lock (_aes)
        {
            return _aes.CreateEncryptor(_aes.Key, _iv);
        }
    }

    /// <summary>For streaming a large export part through a CryptoStream.</summary>
    public ICryptoTransform CreateDecryptor()
    {
        lock (_aes)
        {
            return _aes.CreateDecryptor(_aes.Key, _iv);
        }
    }

    public void Dispose() => _aes.Dispose();
}
