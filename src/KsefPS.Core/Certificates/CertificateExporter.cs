using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KsefPS.Core.Errors;
using KsefPS.Core.Security;

namespace KsefPS.Core.Certificates;

/// <summary>Encodes a stored certificate (and, for Pfx/Key, its private key) for writing to a file.</summary>
public static class CertificateExporter
{
    // OWASP's 2023 figure for PBKDF2-HMAC-SHA256; openssl and .NET both read it.
    private const int Pbkdf2Iterations = 600_000;

    /// <summary>
    /// A PFX is read by other programs, and .NET (9 and later, so PowerShell 7.5 and later) refuses one whose key
    /// derivations take more than 300,000 iterations each or 1,000,000 in all: two derivations and the MAC stay under both.
    /// </summary>
    private const int PfxPbkdf2Iterations = 300_000;

    public static bool NeedsPrivateKey(ExportFormat format) => format is ExportFormat.Pfx or ExportFormat.Key;

    public static byte[] EncodeCertificate(X509Certificate2 certificate, ExportFormat format) => format switch
    {
        ExportFormat.Pem => Encoding.ASCII.GetBytes(PemEncoding.WriteString("CERTIFICATE", certificate.RawData) + "\n"),
        ExportFormat.Der => certificate.RawData,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static byte[] EncodeWithKey(KeyedCertificate keyed, ExportFormat format, SecureString? password)
    {
        return format switch
        {
            ExportFormat.Pfx => EncodePfx(keyed, password),
            ExportFormat.Key => EncodeKey(keyed.PrivateKey, password),
            _ => EncodeCertificate(keyed.Certificate, format),
        };
    }

    private static byte[] EncodeKey(AsymmetricAlgorithm key, SecureString? password)
    {
        if (password is null || password.Length == 0)
        {
            var pkcs8 = KeyMaterial.ExportPkcs8(key);
            try
            {
                return Encoding.ASCII.GetBytes(PemEncoding.WriteString("PRIVATE KEY", pkcs8) + "\n");
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }
        var encrypted = SecureStrings.Use(password, chars => key.ExportEncryptedPkcs8PrivateKey(chars, Pbe()));
        return Encoding.ASCII.GetBytes(PemEncoding.WriteString("ENCRYPTED PRIVATE KEY", encrypted) + "\n");
    }

    private static byte[] EncodePfx(KeyedCertificate keyed, SecureString? password)
    {
        if (password is null || password.Length == 0)
        {
            throw new KsefException(ErrorIds.ExportPasswordRequired, KsefErrorKind.InvalidArgument,
                "A PFX export carries the private key and needs -Password.");
        }
        return SecureStrings.Use(password, chars =>
        {
            var certificates = new Pkcs12SafeContents();
            var keys = new Pkcs12SafeContents();
            var localKeyId = new Pkcs9LocalKeyId(SHA1.HashData(keyed.Certificate.RawData));
            certificates.AddCertificate(keyed.Certificate).Attributes.Add(localKeyId);
            keys.AddShroudedKey(keyed.PrivateKey, chars, Pbe(PfxPbkdf2Iterations)).Attributes.Add(localKeyId);

            var builder = new Pkcs12Builder();
            builder.AddSafeContentsEncrypted(certificates, chars, Pbe(PfxPbkdf2Iterations));
            builder.AddSafeContentsUnencrypted(keys);
            builder.SealWithMac(chars, HashAlgorithmName.SHA256, 2048);
            return builder.Encode();
        });
    }

    private static PbeParameters Pbe(int iterations = Pbkdf2Iterations) => new(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, iterations);
}
