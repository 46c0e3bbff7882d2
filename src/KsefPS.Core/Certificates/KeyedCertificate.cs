using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Certificates;

/// <summary>A public certificate and its private key, held in memory only while a cmdlet works with them.</summary>
public sealed class KeyedCertificate : IDisposable
{
    public KeyedCertificate(X509Certificate2 certificate, AsymmetricAlgorithm privateKey, Func<AsymmetricAlgorithm>? openAnother = null)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
        OpenAnother = openAnother;
    }

    /// <summary>
    /// For a key that must not be copied (it lives outside KsefPS): another object for the same key, for a second
    /// thread that signs. Null for keys KsefPS holds, which may be copied in memory instead.
    /// </summary>
    public Func<AsymmetricAlgorithm>? OpenAnother { get; }

    public bool Exportable => OpenAnother is null;

    /// <summary>
    /// The caller's certificate with the key object it carries, used where it is: each further signing thread asks the
    /// certificate for another key object (<paramref name="openKey"/>, by default the certificate's own private key);
    /// nothing is exported.
    /// </summary>
    public static KeyedCertificate FromKeyObject(X509Certificate2 certificate, string description,
        Func<X509Certificate2, AsymmetricAlgorithm?>? openKey = null)
    {
        var open = openKey ?? KeyMaterial.PrivateKeyOf;
        var key = open(certificate) ?? throw new KsefException(ErrorIds.CertificateKeyMissing, KsefErrorKind.InvalidData,
            $"The {description} has no private key; a signature needs it.", certificate.Thumbprint);
        var held = new X509Certificate2(certificate);
        return new KeyedCertificate(new X509Certificate2(certificate.RawData), key, () => open(held)!);
    }

    /// <summary>The certificate without a private key attached.</summary>
    public X509Certificate2 Certificate { get; }

    public AsymmetricAlgorithm PrivateKey { get; }

    public KeyAlgorithm KeyAlgorithm => PrivateKey switch
    {
        ECDsa => KeyAlgorithm.EcP256,
        _ => KeyAlgorithm.Rsa2048,
    };

    /// <summary>A human label of the key, e.g. "RSA-3072" or "EC-P256".</summary>
    public string KeyDescription => PrivateKey switch
    {
        ECDsa ec => "EC-" + CurveName(ec),
        RSA rsa => "RSA-" + rsa.KeySize,
        _ => PrivateKey.GetType().Name,
    };

    /// <summary>PKCS#8 DER of the private key. The caller must zero the array.</summary>
    public byte[] ExportPkcs8() => KeyMaterial.ExportPkcs8(PrivateKey);

    public void Dispose()
    {
        PrivateKey.Dispose();
        Certificate.Dispose();
    }

    private static string CurveName(ECDsa ec)
    {
        var curve = ec.ExportParameters(false).Curve;
        return curve.Oid.FriendlyName switch
        {
            "nistP256" or "ECDSA_P256" or "secp256r1" => "P256",
            "nistP384" or "ECDSA_P384" or "secp384r1" => "P384",
            "nistP521" or "ECDSA_P521" or "secp521r1" => "P521",
            var other => other ?? curve.Oid.Value ?? "unknown",
        };
    }
}
