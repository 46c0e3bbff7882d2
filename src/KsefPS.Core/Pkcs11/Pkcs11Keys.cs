using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Certificates;
using KsefPS.Core.Errors;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace KsefPS.Core.Pkcs11;

/// <summary>Keys on PKCS#11 tokens as .NET key objects that sign on the token; nothing of the private key leaves it.</summary>
public static class Pkcs11Keys
{
    /// <summary>
    /// The key <paramref name="reference"/> names, with its certificate: <paramref name="certificate"/> where the caller
    /// has it (a store entry, a file), otherwise the certificate the token keeps beside the key (same CKA_ID, or the same
    /// label). One signature proves the key belongs to the certificate before anything uses it.
    /// </summary>
    public static KeyedCertificate Open(Pkcs11KeyReference reference, X509Certificate2? certificate, Pkcs11Pin pin, string who)
    {
        var token = Pkcs11Token.Open(reference, pin, who);
        AsymmetricAlgorithm? key = null;
        try
        {
            var handle = FindPrivateKey(token, reference, who);
            var certificateDer = certificate?.RawData ?? FindCertificate(token, reference, who);
            using var publicCertificate = new X509Certificate2(certificateDer);
            key = Wrap(token, handle, certificateDer, who);
            if (!SignsFor(key, publicCertificate))
            {
                throw new KsefException(ErrorIds.CertificateKeyMismatch, KsefErrorKind.InvalidData,
                    $"The {reference.Describe()} does not belong to the certificate of {who} ({publicCertificate.Subject}).", who);
            }
            var shared = token;
            return new KeyedCertificate(new X509Certificate2(certificateDer), key,
                () => Wrap(shared.Share(), handle, certificateDer, who));
        }
        catch
        {
            if (key is null)
            {
                token.Dispose();
            }
            else
            {
                key.Dispose();
            }
            throw;
        }
    }

    /// <summary>Whether the key can be reached now without a PIN: library loaded, token present (for Get-KsefCertificate).</summary>
    public static bool IsReachable(Pkcs11KeyReference reference, string who)
    {
        try
        {
            using var token = Pkcs11Token.Open(reference, pin: null, who);
            return true;
        }
        catch (KsefException)
        {
            return false;
        }
    }

    private static AsymmetricAlgorithm Wrap(Pkcs11Token token, IObjectHandle handle, byte[] certificateDer, string who)
    {
        using (var certificate = new X509Certificate2(certificateDer))
        {
            if (certificate.GetRSAPublicKey() is { } rsa)
            {
                using (rsa)
                {
                    return new Pkcs11RsaKey(new Pkcs11PrivateKey(token, handle, who), rsa.ExportParameters(false));
                }
            }
            if (certificate.GetECDsaPublicKey() is { } ec)
            {
                using (ec)
                {
                    return new Pkcs11EcdsaKey(new Pkcs11PrivateKey(token, handle, who), ec.ExportParameters(false));
                }
            }
        }
        throw new KsefException(ErrorIds.CertificateKeyUnsupported, KsefErrorKind.InvalidData,
            $"The certificate of {who} has a key that is neither RSA nor EC; KSeF accepts only those.", who);
    }

    internal static IObjectHandle FindPrivateKey(Pkcs11Token token, Pkcs11KeyReference reference, string who)
    {
        var found = token.Use(session => session.FindAllObjects(Template(token, CKO.CKO_PRIVATE_KEY, reference)), who);
        return found.Count switch
        {
            1 => found[0],
            0 => throw new KsefException(ErrorIds.KeyUnreachable, KsefErrorKind.ResourceUnavailable,
                $"The key of {who} cannot be reached: the {reference.Describe()} is not on the {token.Description} (deleted, or another token).", who),
            _ => throw new KsefException(ErrorIds.Pkcs11ReferenceInvalid, KsefErrorKind.InvalidArgument,
                $"{found.Count} private keys match the {reference.Describe()}; name the one for {who} by -KeyId.", who),
        };
    }

    private static byte[] FindCertificate(Pkcs11Token token, Pkcs11KeyReference reference, string who)
    {
        var values = token.Use(session =>
        {
            var certificates = session.FindAllObjects(Template(token, CKO.CKO_CERTIFICATE, reference));
            return certificates.Select(c => session.GetAttributeValue(c, [CKA.CKA_VALUE])[0].GetValueAsByteArray()).ToList();
        }, who);
        return values.Count == 1
            ? values[0]
            : throw new KsefException(ErrorIds.CertificateKeyMissing, KsefErrorKind.InvalidData, values.Count == 0
                ? $"The {token.Description} holds the {reference.Describe()} but no certificate for it; name the certificate file with -CertificatePath."
                : $"The {token.Description} holds {values.Count} certificates for the {reference.Describe()}; name the one to use with -CertificatePath.", who);
    }

    internal static List<IObjectAttribute> Template(Pkcs11Token token, CKO objectClass, Pkcs11KeyReference reference)
    {
        var attributes = token.Factories.ObjectAttributeFactory;
        var template = new List<IObjectAttribute> { attributes.Create(CKA.CKA_CLASS, objectClass) };
        if (reference.KeyId is not null)
        {
            template.Add(attributes.Create(CKA.CKA_ID, reference.KeyId));
        }
        else
        {
            template.Add(attributes.Create(CKA.CKA_LABEL, reference.KeyLabel!));
        }
        if (reference.KeyId is not null && reference.KeyLabel is not null && objectClass == CKO.CKO_PRIVATE_KEY)
        {
            template.Add(attributes.Create(CKA.CKA_LABEL, reference.KeyLabel));
        }
        return template;
    }

    /// <summary>Whether a signature of the key verifies with the certificate's public key (a key of another type cannot even sign for it).</summary>
    private static bool SignsFor(AsymmetricAlgorithm key, X509Certificate2 certificate)
    {
        try
        {
            return ProbeVerifies(key, certificate);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool ProbeVerifies(AsymmetricAlgorithm key, X509Certificate2 certificate)
    {
        var probe = RandomNumberGenerator.GetBytes(32);
        switch (key)
        {
            case RSA rsa:
                using (var verifier = certificate.GetRSAPublicKey()!)
                {
                    return verifier.VerifyHash(probe, rsa.SignHash(probe, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                }
            case ECDsa ec:
                using (var verifier = certificate.GetECDsaPublicKey()!)
                {
                    return verifier.VerifyHash(probe, ec.SignHash(probe));
                }
            default:
                return false;
        }
    }

    internal static CryptographicException NotExportable(string who) =>
        new($"The private key of {who} lives on a PKCS#11 token and cannot be exported.");

    internal static CKM Require(Pkcs11Token token, CKM mechanism) =>
        token.Offers(mechanism)
            ? mechanism
            : throw new KsefException(ErrorIds.CertificateKeyUnsupported, KsefErrorKind.InvalidOperation,
                $"The {token.Description} does not offer {mechanism}, which this signature needs.");

    internal static byte[] Hash(ReadOnlySpan<byte> data, HashAlgorithmName algorithm) =>
        algorithm == HashAlgorithmName.SHA256 ? SHA256.HashData(data)
        : algorithm == HashAlgorithmName.SHA384 ? SHA384.HashData(data)
        : algorithm == HashAlgorithmName.SHA512 ? SHA512.HashData(data)
        : throw new CryptographicException($"Hash {algorithm} is not used with keys on tokens.");

    internal static byte[] Hash(Stream data, HashAlgorithmName algorithm)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        var buffer = new byte[81920];
        int read;
        while ((read = data.Read(buffer, 0, buffer.Length)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
        return hash.GetHashAndReset();
    }
}
