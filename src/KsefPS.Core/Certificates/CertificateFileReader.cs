using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KsefPS.Core.Errors;
using KsefPS.Core.Security;

namespace KsefPS.Core.Certificates;

/// <summary>
/// Reads a certificate and its private key from files: PFX/P12, PEM (certificate and key in one or two files, key plain
/// or encrypted PKCS#8, PKCS#1, SEC1) and DER certificates with a separate key file.
/// </summary>
public static class CertificateFileReader
{
    public static KeyedCertificate Read(string path, SecureString? password, string? keyPath, SecureString? keyPassword)
    {
        var bytes = ReadFile(path);
        if (IsPem(bytes))
        {
            var text = Encoding.ASCII.GetString(bytes);
            var certificate = FirstCertificate(text, path);
            var key = FindKeyInPem(text, certificate, keyPassword ?? password, path);
            if (key is null && keyPath is not null)
            {
                key = ReadKeyFile(keyPath, certificate, keyPassword ?? password);
            }
            return Join(certificate, key, path);
        }

        if (LooksLikePkcs12(bytes))
        {
            var keyed = ReadPkcs12(bytes, password, path);
            return keyed;
        }

        X509Certificate2 der;
        try
        {
            der = new X509Certificate2(bytes);
        }
        catch (CryptographicException e)
        {
            throw Unknown(path, e);
        }
        var derKey = keyPath is null ? null : ReadKeyFile(keyPath, der, keyPassword ?? password);
        return Join(der, derKey, path);
    }

    /// <summary>A certificate alone (PEM or DER): for verifying, or for a key that lives elsewhere.</summary>
    public static X509Certificate2 ReadPublic(string path)
    {
        var bytes = ReadFile(path);
        try
        {
            return IsPem(bytes) ? FirstCertificate(Encoding.ASCII.GetString(bytes), path) : new X509Certificate2(bytes);
        }
        catch (CryptographicException e)
        {
            throw Unknown(path, e);
        }
    }

    public static KeyedCertificate FromCertificate(X509Certificate2 certificate)
    {
        var key = KeyMaterial.PrivateKeyOf(certificate)
            ?? throw new KsefException(ErrorIds.CertificateKeyMissing, KsefErrorKind.InvalidData,
                $"The certificate '{certificate.Subject}' has no private key; KsefPS stores only certificates with their keys.", certificate.Thumbprint);
        // Re-import into a fresh object so that the store owns a key independent of the caller's handle.
        var pkcs8 = KeyMaterial.ExportPkcs8(key);
        try
        {
            return new KeyedCertificate(new X509Certificate2(certificate.RawData), KeyMaterial.ImportPkcs8(pkcs8));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    internal static byte[] ReadFile(string path)
    {
        try
        {
            return BoundedFile.Read(path, BoundedFile.CertificateLimit, (refusal, why) => refusal switch
            {
                FileRefusal.Directory => new KsefException(ErrorIds.CertificatePathIsDirectory, KsefErrorKind.InvalidArgument,
                    $"'{path}' is a directory; give the path of a certificate file.", path),
                FileRefusal.Missing => new KsefException(ErrorIds.CertificateFileNotFound, KsefErrorKind.ObjectNotFound,
                    $"The file '{path}' does not exist.", path),
                _ => new KsefException(ErrorIds.CertificateFormatUnknown, KsefErrorKind.InvalidData,
                    $"'{path}' {why}; it cannot be a certificate or a key.", path),
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KsefException(ErrorIds.CertificateFileNotFound, KsefErrorKind.OpenError,
                $"The file '{path}' cannot be read: {e.Message}", path, e);
        }
    }

    private static bool IsPem(byte[] bytes) =>
        bytes.Length > 10 && Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 4096)).Contains("-----BEGIN ", StringComparison.Ordinal);

    private static bool LooksLikePkcs12(byte[] bytes)
    {
        try
        {
            System.Security.Cryptography.Pkcs.Pkcs12Info.Decode(bytes, out var consumed, skipCopy: true);
            return consumed > 0;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool PasswordOpens(byte[] bytes, SecureString password)
    {
        try
        {
            var info = System.Security.Cryptography.Pkcs.Pkcs12Info.Decode(bytes, out _, skipCopy: true);
            return info.IntegrityMode == System.Security.Cryptography.Pkcs.Pkcs12IntegrityMode.Password
                && SecureStrings.Use(password, chars => info.VerifyMac(chars));
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static KeyedCertificate ReadPkcs12(byte[] bytes, SecureString? password, string path)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            SecureStrings.Use(password, chars =>
            {
                collection.Import(bytes, chars, X509KeyStorageFlags.EphemeralKeySet | X509KeyStorageFlags.Exportable);
                return 0;
            });
        }
        catch (CryptographicException e)
        {
            if (password is null || password.Length == 0)
            {
                throw new KsefException(ErrorIds.CertificatePasswordRequired, KsefErrorKind.AuthenticationError,
                    $"'{path}' is a password-protected PFX; give its password with -Password.", path, e);
            }
            if (PasswordOpens(bytes, password))
            {
                // The password is right (the file's MAC checks out), so it is the content the platform cannot import.
                throw new KsefException(ErrorIds.CertificateKeyUnsupported, KsefErrorKind.InvalidData,
                    $"The PFX file '{path}' opens with this password but holds a key KsefPS cannot use (KSeF takes RSA and EC P-256 keys, not e.g. Ed25519).", path, e);
            }
            throw new KsefException(ErrorIds.CertificatePasswordInvalid, KsefErrorKind.AuthenticationError,
                $"The password does not open the PFX file '{path}'.", path, e);
        }
        try
        {
            var withKey = collection.FirstOrDefault(c => c.HasPrivateKey);
            if (withKey is null)
            {
                throw new KsefException(ErrorIds.CertificateKeyMissing, KsefErrorKind.InvalidData,
                    $"The PFX file '{path}' holds no private key.", path);
            }
            return FromCertificate(withKey);
        }
        finally
        {
            foreach (var c in collection)
            {
                c.Dispose();
            }
        }
    }

    private static X509Certificate2 FirstCertificate(string pem, string path)
    {
        foreach (var (label, data) in PemBlocks(pem))
        {
            if (label == "CERTIFICATE")
            {
                try
                {
                    return new X509Certificate2(data);
                }
                catch (CryptographicException e)
                {
                    throw Unknown(path, e);
                }
            }
        }
        throw new KsefException(ErrorIds.CertificateFormatUnknown, KsefErrorKind.InvalidData,
            $"'{path}' is a PEM file without a CERTIFICATE block.", path);
    }

    private static AsymmetricAlgorithm? FindKeyInPem(string pem, X509Certificate2 certificate, SecureString? password, string path)
    {
        var hasKey = PemBlocks(pem).Any(b => b.Label.EndsWith("PRIVATE KEY", StringComparison.Ordinal));
        return hasKey ? ImportKeyPem(pem, certificate, password, path) : null;
    }

    private static AsymmetricAlgorithm ReadKeyFile(string keyPath, X509Certificate2 certificate, SecureString? password)
    {
        var bytes = ReadFile(keyPath);
        try
        {
            if (IsPem(bytes))
            {
                return ImportKeyPem(Encoding.ASCII.GetString(bytes), certificate, password, keyPath);
            }
            var key = NewKeyFor(certificate, keyPath);
            try
            {
                if (password is not null && password.Length > 0)
                {
                    SecureStrings.Use(password, chars =>
                    {
                        key.ImportEncryptedPkcs8PrivateKey(chars, bytes, out _);
                        return 0;
                    });
                }
                else
                {
                    key.ImportPkcs8PrivateKey(bytes, out _);
                }
                return key;
            }
            catch
            {
                key.Dispose();
                throw;
            }
        }
        catch (CryptographicException e)
        {
            throw new KsefException(ErrorIds.CertificateFormatUnknown, KsefErrorKind.InvalidData,
                $"'{keyPath}' is not a private key KsefPS can read (PEM or DER PKCS#8), or its password is wrong.", keyPath, e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static AsymmetricAlgorithm ImportKeyPem(string pem, X509Certificate2 certificate, SecureString? password, string path)
    {
        var encrypted = pem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal);
        if (encrypted && (password is null || password.Length == 0))
        {
            throw new KsefException(ErrorIds.CertificatePasswordRequired, KsefErrorKind.AuthenticationError,
                $"The private key in '{path}' is encrypted; give its password with -KeyPassword.", path);
        }
        var key = NewKeyFor(certificate, path);
        try
        {
            if (encrypted)
            {
                SecureStrings.Use(password, chars =>
                {
                    ImportEncryptedPem(key, pem, chars);
                    return 0;
                });
            }
            else
            {
                key.ImportFromPem(pem);
            }
            return key;
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            if (encrypted)
            {
                throw new KsefException(ErrorIds.CertificatePasswordInvalid, KsefErrorKind.AuthenticationError,
                    $"The password does not decrypt the private key in '{path}'.", path, e);
            }
            throw new KsefException(ErrorIds.CertificateKeyMismatch, KsefErrorKind.InvalidData,
                $"The private key in '{path}' cannot be read as a key of the certificate's type.", path, e);
        }
        catch (ArgumentException e)
        {
            key.Dispose();
            throw new KsefException(ErrorIds.CertificateKeyMismatch, KsefErrorKind.InvalidData,
                $"The private key in '{path}' cannot be read as a key of the certificate's type.", path, e);
        }
    }

    private static void ImportEncryptedPem(AsymmetricAlgorithm key, string pem, ReadOnlySpan<char> password)
    {
        // Only the ENCRYPTED PRIVATE KEY block: other blocks in the same file would confuse ImportFromEncryptedPem.
        var block = PemBlocks(pem).First(b => b.Label == "ENCRYPTED PRIVATE KEY");
        key.ImportEncryptedPkcs8PrivateKey(password, block.Data, out _);
    }

    private static AsymmetricAlgorithm NewKeyFor(X509Certificate2 certificate, string path) =>
        certificate.GetKeyAlgorithm() switch
        {
            KeyMaterial.Oids.Rsa => RSA.Create(),
            KeyMaterial.Oids.EcPublicKey => ECDsa.Create(),
            var other => throw new KsefException(ErrorIds.CertificateKeyUnsupported, KsefErrorKind.InvalidData,
                $"The certificate in '{path}' has a key of algorithm {other}; KSeF accepts RSA and EC keys.", path),
        };

    private static KeyedCertificate Join(X509Certificate2 certificate, AsymmetricAlgorithm? key, string path)
    {
        if (key is null)
        {
            certificate.Dispose();
            throw new KsefException(ErrorIds.CertificateKeyMissing, KsefErrorKind.InvalidData,
                $"No private key was found for the certificate in '{path}'; give it with -KeyPath (or put it in the same PEM file).", path);
        }
        if (!KeyMaterial.Matches(certificate, key))
        {
            certificate.Dispose();
            key.Dispose();
            throw new KsefException(ErrorIds.CertificateKeyMismatch, KsefErrorKind.InvalidData,
                $"The private key does not belong to the certificate in '{path}'.", path);
        }
        return new KeyedCertificate(certificate, key);
    }

    private static IEnumerable<(string Label, byte[] Data)> PemBlocks(string pem)
    {
        var rest = pem.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            var label = rest.Span[fields.Label].ToString();
            var data = Convert.FromBase64String(rest.Span[fields.Base64Data].ToString());
            yield return (label, data);
            rest = rest[fields.Location.End..];
        }
    }

    private static KsefException Unknown(string path, Exception inner) =>
        new(ErrorIds.CertificateFormatUnknown, KsefErrorKind.InvalidData,
            $"'{path}' is not a certificate KsefPS can read (PFX/P12, PEM or DER), or it is truncated.", path, inner);
}
