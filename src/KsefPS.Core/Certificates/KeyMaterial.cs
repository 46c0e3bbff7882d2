using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Certificates;

/// <summary>Private-key plumbing shared by import, export and the store.</summary>
internal static class KeyMaterial
{
    public static byte[] ExportPkcs8(AsymmetricAlgorithm key)
    {
        try
        {
            return key.ExportPkcs8PrivateKey();
        }
        catch (CryptographicException)
        {
            // Windows CNG keys imported as "exportable" still refuse plaintext export; the encrypted route is allowed.
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
            var encrypted = key.ExportEncryptedPkcs8PrivateKey(password,
                new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1));
            using var reimported = ImportPkcs8(encrypted, password);
            return reimported.ExportPkcs8PrivateKey();
        }
    }

    public static AsymmetricAlgorithm ImportPkcs8(ReadOnlySpan<byte> pkcs8)
    {
        var info = System.Security.Cryptography.Pkcs.Pkcs8PrivateKeyInfo.Decode(pkcs8.ToArray(), out _, skipCopy: true);
        AsymmetricAlgorithm key = info.AlgorithmId.Value switch
        {
            Oids.Rsa => RSA.Create(),
            Oids.EcPublicKey => ECDsa.Create(),
            _ => throw new KsefException(ErrorIds.CertificateKeyUnsupported, KsefErrorKind.InvalidData,
                $"Private keys of algorithm {info.AlgorithmId.Value} are not supported; use RSA or EC."),
        };
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        return key;
    }

    private static AsymmetricAlgorithm ImportPkcs8(ReadOnlySpan<byte> encrypted, string password)
    {
        try
        {
            var rsa = RSA.Create();
            rsa.ImportEncryptedPkcs8PrivateKey(password, encrypted, out _);
            return rsa;
        }
        catch (CryptographicException)
        {
            var ec = ECDsa.Create();
            ec.ImportEncryptedPkcs8PrivateKey(password, encrypted, out _);
            return ec;
        }
    }

    public static bool Matches(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        var certificateSpki = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        var keySpki = key switch
        {
            RSA rsa => rsa.ExportSubjectPublicKeyInfo(),
            ECDsa ec => ec.ExportSubjectPublicKeyInfo(),
            _ => [],
        };
        return certificateSpki.AsSpan().SequenceEqual(keySpki);
    }

    public static AsymmetricAlgorithm? PrivateKeyOf(X509Certificate2 certificate) =>
        certificate.HasPrivateKey
            ? (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
            : null;

    internal static class Oids
    {
        public const string Rsa = "1.2.840.113549.1.1.1";
        public const string EcPublicKey = "1.2.840.10045.2.1";
    }
}
