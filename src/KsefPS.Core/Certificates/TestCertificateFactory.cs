using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;

namespace KsefPS.Core.Certificates;

/// <summary>
/// Self-signed certificates in the shape KSeF TEST accepts (BRIEF §2.2): personal (serialNumber TINPL-/PNOPL-), seal
/// (organizationIdentifier VATPL-) or a Peppol service provider's seal (its id as CN and organizationIdentifier), C=PL,
/// RDNs in the DER order the official builders produce.
/// </summary>
public static class TestCertificateFactory
{
    public static KeyedCertificate Create(TestCertificateRequest request)
    {
        AsymmetricAlgorithm key = request.KeyAlgorithm == KeyAlgorithm.Rsa2048
            ? RSA.Create(2048)
            : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            return new KeyedCertificate(SelfSigned(request, key), key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The certificate alone, signed by <paramref name="key"/> wherever it lives (a key on a token signs there); the key
    /// is neither copied nor attached.
    /// </summary>
    public static X509Certificate2 SelfSigned(TestCertificateRequest request, AsymmetricAlgorithm key)
    {
        var subject = BuildSubject(request);
        var csr = key is RSA rsa
            ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pss)
            : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);
        var usage = request.Usage == CertificateUsage.Offline
            ? X509KeyUsageFlags.NonRepudiation
            : X509KeyUsageFlags.DigitalSignature;
        csr.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: false));

        var now = DateTimeOffset.UtcNow;
        var generator = key is RSA rsaKey
            ? X509SignatureGenerator.CreateForRSA(rsaKey, RSASignaturePadding.Pss)
            : X509SignatureGenerator.CreateForECDsa((ECDsa)key);
        using var signed = csr.Create(subject, generator, now.AddMinutes(-61), now.AddDays(request.ValidDays), NewSerialNumber());
        return new X509Certificate2(signed.RawData);
    }

    /// <summary>8 random bytes with the top bit clear and a non-zero first byte, as KSeF serials are (BRIEF ambiguity 22).</summary>
    internal static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] = (byte)(serial[0] & 0x7F | 0x01);
        return serial;
    }

    private static string RequirePeppolId(string value) => PeppolId.IsValid(value) ? value
        : throw new KsefException(ErrorIds.ContextInvalid, KsefErrorKind.InvalidArgument,
            $"'{value}' is not a Peppol id: P, two capital letters and six digits (e.g. PPL123456).", value);

    public static X500DistinguishedName BuildSubject(TestCertificateRequest request)
    {
        if (request.ValidDays is < 1 or > 3650)
        {
            throw new KsefException(ErrorIds.ValidityInvalid, KsefErrorKind.InvalidArgument, "ValidDays must be between 1 and 3650.", request.ValidDays);
        }
        // X500DistinguishedNameBuilder encodes the RDNs in reverse order of addition, so these are added last-first
        // to reach the official DER order: C, CN, organizationIdentifier, O (seal) or C, CN, serialNumber, SN, G.
        var builder = new X500DistinguishedNameBuilder();
        if (request.IsSeal)
        {
            // A Peppol provider's seal carries its id as both; any other seal VATPL- and its NIP, and its name as CN.
            var (organizationIdentifier, commonName) = request.PeppolId is { } peppolId
                ? (RequirePeppolId(peppolId), peppolId)
                : ("VATPL-" + Nip.Require(request.Nip, controlDigit: false), request.CommonName ?? request.OrganizationName!);
            builder.AddOrganizationName(request.OrganizationName!);
            builder.Add(SubjectIdentity.OidOrganizationIdentifier, organizationIdentifier);
            builder.AddCommonName(commonName);
            builder.AddCountryOrRegion("PL");
            return builder.Build();
        }

        if (string.IsNullOrWhiteSpace(request.GivenName) || string.IsNullOrWhiteSpace(request.Surname))
        {
            throw new KsefException(ErrorIds.NameInvalid, KsefErrorKind.InvalidArgument,
                "A personal test certificate needs both a given name and a surname.");
        }
        string serialNumber;
        if (request.Pesel is not null)
        {
            if (!Pesel.IsValid(request.Pesel))
            {
                throw new KsefException(ErrorIds.PeselInvalid, KsefErrorKind.InvalidArgument,
                    $"'{request.Pesel}' is not a valid PESEL (11 digits, a real birth date and a correct control digit).", request.Pesel);
            }
            serialNumber = "PNOPL-" + request.Pesel;
        }
        else
        {
            serialNumber = "TINPL-" + Nip.Require(request.Nip, controlDigit: false);
        }
        builder.Add(SubjectIdentity.OidGivenName, request.GivenName);
        builder.Add(SubjectIdentity.OidSurname, request.Surname);
        builder.Add(SubjectIdentity.OidSerialNumber, serialNumber, System.Formats.Asn1.UniversalTagNumber.PrintableString);
        builder.AddCommonName(request.CommonName ?? $"{request.GivenName} {request.Surname}");
        builder.AddCountryOrRegion("PL");
        return builder.Build();
    }
}
