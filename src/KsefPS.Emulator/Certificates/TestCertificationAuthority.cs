using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KsefPS.Emulator.Certificates;

/// <summary>
/// The emulator's stand-in for KSeF's certification authority (BRIEF §2.3): issues 8-byte-serial certificates with AKI,
/// SKI, BasicConstraints CA:FALSE (critical) and KeyUsage (critical): digitalSignature for Authentication,
/// nonRepudiation for Offline, valid two years from validFrom.
/// </summary>
public sealed class TestCertificationAuthority
{
    public TestCertificationAuthority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest("CN=KsefPS Emulator CCK KSeF, OU=KSeF emulator, O=KsefPS, C=PL", key, HashAlgorithmName.SHA512);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(10));
        Certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    public X509Certificate2 Certificate { get; }

    public X509Certificate2 Issue(CertificateRequest request, string type, DateTimeOffset validFrom)
    {
        request.CertificateExtensions.Clear();
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            type == "Offline" ? X509KeyUsageFlags.NonRepudiation : X509KeyUsageFlags.DigitalSignature, true));
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] = (byte)(serial[0] & 0x7F | 0x01);
        using var key = Certificate.GetECDsaPrivateKey()!;
        var generator = X509SignatureGenerator.CreateForECDsa(key);
        using var issued = request.Create(Certificate.SubjectName, generator, validFrom, validFrom.AddYears(2), serial);
        return X509CertificateLoader.LoadCertificate(issued.RawData);
    }

    /// <summary>True when this authority issued the certificate and its signature verifies.</summary>
    public bool Issued(X509Certificate2 certificate)
    {
        if (!certificate.IssuerName.RawData.AsSpan().SequenceEqual(Certificate.SubjectName.RawData))
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        return chain.Build(certificate);
    }
}
