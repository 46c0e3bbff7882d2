using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KsefPS.Emulator.Security;

/// <summary>
/// The emulator's stand-ins for the Ministry's encryption certificates (BRIEF §5), made at start-up. KSeF rotates
/// them; <see cref="Rotate"/> does so as in an emergency rotation: new keys become the current ones at once, and the
/// old are withdrawn (no longer listed, 21470 when a request names them).
/// </summary>
public sealed class MfCertificates
{
    private sealed record KeySet(X509Certificate2 TokenEncryption, X509Certificate2 SymmetricKeyEncryption);

    // Replaced whole on rotation, never changed in place. A withdrawn set is not disposed: requests under way may
    // still use it.
    private volatile KeySet _current = NewKeySet();

    public X509Certificate2 TokenEncryption => _current.TokenEncryption;
    public X509Certificate2 SymmetricKeyEncryption => _current.SymmetricKeyEncryption;

    public IEnumerable<(X509Certificate2 Certificate, string Usage)> All
    {
        get
        {
            var keys = _current;
            return [(keys.TokenEncryption, "KsefTokenEncryption"), (keys.SymmetricKeyEncryption, "SymmetricKeyEncryption")];
        }
    }

    public void Rotate() => _current = NewKeySet();

    private static KeySet NewKeySet() => new(Create("KsefTokenEncryption"), Create("SymmetricKeyEncryption"));

    /// <summary>
    /// The AES-256 key a client wrapped with RSA-OAEP-SHA256 under the SymmetricKeyEncryption certificate, and its IV
    /// (BRIEF §7.1); null when either does not decode to 32 and 16 bytes.
    /// </summary>
    public (byte[] Key, byte[] Iv)? UnwrapSymmetricKey(string wrappedKey, string initializationVector)
    {
        try
        {
            using var rsa = SymmetricKeyEncryption.GetRSAPrivateKey()!;
            var key = rsa.Decrypt(Convert.FromBase64String(wrappedKey), RSAEncryptionPadding.OaepSHA256);
            var iv = Convert.FromBase64String(initializationVector);
            return key.Length == 32 && iv.Length == 16 ? (key, iv) : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether a publicKeyId a client sent (if any) names the current SymmetricKeyEncryption key.</summary>
    public bool IsCurrentSymmetricKey(string? publicKeyId) => publicKeyId is null || publicKeyId == PublicKeyId(SymmetricKeyEncryption);

    public static string PublicKeyId(X509Certificate2 certificate) =>
        Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    private static X509Certificate2 Create(string purpose)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=Ministerstwo Finansów, OU=KSeF emulator {purpose}, O=KsefPS, C=PL", rsa,
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
