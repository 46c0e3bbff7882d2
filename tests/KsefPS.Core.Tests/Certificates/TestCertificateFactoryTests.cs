using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Certificates;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Core.Tests.Certificates;

public class TestCertificateFactoryTests
{
    private static List<string> RdnOids(X509Certificate2 certificate) =>
        certificate.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false).Select(r => r.GetSingleElementType().Value!).ToList();

    [Theory]
    [InlineData(KeyAlgorithm.EcP256)]
    [InlineData(KeyAlgorithm.Rsa2048)]
    public void Personal_certificate_with_nip_has_the_official_subject_in_DER_order(KeyAlgorithm algorithm)
    {
        using var keyed = TestCertificateFactory.Create(new TestCertificateRequest
        {
            GivenName = "Anna", Surname = "Nowak", Nip = "5265877635", KeyAlgorithm = algorithm,
        });
        var certificate = keyed.Certificate;
        Assert.Equal(["2.5.4.6", "2.5.4.3", "2.5.4.5", "2.5.4.4", "2.5.4.42"], RdnOids(certificate));
        var attributes = SubjectIdentity.ReadAttributes(certificate.SubjectName);
        Assert.Equal("TINPL-5265877635", attributes[SubjectIdentity.OidSerialNumber]);
        Assert.Equal("Anna Nowak", attributes[SubjectIdentity.OidCommonName]);
        Assert.Equal("PL", attributes[SubjectIdentity.OidCountry]);
        Assert.Equal(new SubjectIdentity(IdentifierType.Nip, "5265877635"), SubjectIdentity.From(certificate));
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.True(KeyMaterial.Matches(certificate, keyed.PrivateKey));
        Assert.Equal(algorithm == KeyAlgorithm.Rsa2048 ? "1.2.840.113549.1.1.10" : "1.2.840.10045.4.3.2", certificate.SignatureAlgorithm.Value);
    }

    [Fact]
    public void Personal_certificate_with_pesel_is_identified_by_pesel()
    {
        using var keyed = TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "A", Surname = "R", Pesel = "44051401359" });
        Assert.Equal(new SubjectIdentity(IdentifierType.Pesel, "44051401359"), SubjectIdentity.From(keyed.Certificate));
        Assert.Equal("PNOPL-44051401359", SubjectIdentity.ReadAttributes(keyed.Certificate.SubjectName)[SubjectIdentity.OidSerialNumber]);
    }

    [Fact]
    public void Seal_certificate_has_organization_identifier_and_no_person_names()
    {
        using var keyed = TestCertificateFactory.Create(new TestCertificateRequest { OrganizationName = "Beta", Nip = "5265877635" });
        Assert.Equal(["2.5.4.6", "2.5.4.3", "2.5.4.97", "2.5.4.10"], RdnOids(keyed.Certificate));
        var attributes = SubjectIdentity.ReadAttributes(keyed.Certificate.SubjectName);
        Assert.Equal("VATPL-5265877635", attributes[SubjectIdentity.OidOrganizationIdentifier]);
        Assert.DoesNotContain(SubjectIdentity.OidGivenName, attributes.Keys);
        Assert.DoesNotContain(SubjectIdentity.OidSurname, attributes.Keys);
        Assert.Equal(new SubjectIdentity(IdentifierType.Nip, "5265877635"), SubjectIdentity.From(keyed.Certificate));
    }

    [Fact]
    public void A_Peppol_providers_seal_carries_its_id_as_common_name_and_organization_identifier()
    {
        using var keyed = TestCertificateFactory.Create(new TestCertificateRequest { OrganizationName = "Dostawca Peppol", PeppolId = "PPL123456" });
        Assert.Equal(["2.5.4.6", "2.5.4.3", "2.5.4.97", "2.5.4.10"], RdnOids(keyed.Certificate));
        var attributes = SubjectIdentity.ReadAttributes(keyed.Certificate.SubjectName);
        Assert.Equal("PPL123456", attributes[SubjectIdentity.OidCommonName]);
        Assert.Equal("PPL123456", attributes[SubjectIdentity.OidOrganizationIdentifier]);
        Assert.Equal("Dostawca Peppol", attributes["2.5.4.10"]);
        Assert.Equal(IdentifierType.Fingerprint, SubjectIdentity.From(keyed.Certificate).Type);
    }

    [Theory]
    [InlineData("PPL12345")]
    [InlineData("ppl123456")]
    [InlineData("5265877635")]
    public void A_Peppol_seal_with_a_malformed_id_is_refused_before_any_key_is_made(string id) =>
        KsefAssert.Fails(ErrorIds.ContextInvalid, () => TestCertificateFactory.BuildSubject(new TestCertificateRequest { OrganizationName = "Dostawca", PeppolId = id }));

    [Fact]
    public void Serial_is_eight_bytes_with_the_top_bit_clear_and_validity_starts_an_hour_back()
    {
        for (var i = 0; i < 20; i++)
        {
            using var keyed = TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "A", Surname = "R", Nip = "5265877635", ValidDays = 10 });
            var serial = keyed.Certificate.SerialNumberBytes.ToArray();
            Assert.Equal(8, serial.Length);
            Assert.True(keyed.Certificate.SerialNumber[0] < '8', keyed.Certificate.SerialNumber);
            var now = DateTime.UtcNow;
            Assert.InRange((now - keyed.Certificate.NotBefore.ToUniversalTime()).TotalMinutes, 60, 62);
            Assert.InRange((keyed.Certificate.NotAfter.ToUniversalTime() - now).TotalDays, 9.9, 10.1);
        }
    }

    [Theory]
    [InlineData(CertificateUsage.Authentication, X509KeyUsageFlags.DigitalSignature)]
    [InlineData(CertificateUsage.Offline, X509KeyUsageFlags.NonRepudiation)]
    public void Key_usage_follows_the_usage(CertificateUsage usage, X509KeyUsageFlags expected)
    {
        using var keyed = TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "A", Surname = "R", Nip = "5265877635", Usage = usage });
        Assert.Equal(expected, keyed.Certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
    }

    /// <summary>Test certificates are for KSeF TEST, which takes a NIP of its shape whatever the control digit (as the official client's tests make them).</summary>
    [Fact]
    public void A_NIP_of_KSeFs_shape_makes_a_test_certificate_whatever_its_control_digit()
    {
        using var keyed = TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "A", Surname = "R", Nip = "1234563219" });
        Assert.Contains("TINPL-1234563219", keyed.Certificate.Subject, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1004563219", null, ErrorIds.NipInvalid)] // an x00 tax office: not KSeF's NIP shape
    [InlineData(null, "44051401358", ErrorIds.PeselInvalid)]
    public void Invalid_identifiers_are_refused(string? nip, string? pesel, string errorId) =>
        KsefAssert.Fails(errorId, () => TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "A", Surname = "R", Nip = nip, Pesel = pesel }));

    [Fact]
    public void Fingerprint_identity_when_the_subject_has_no_identifier()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=nobody", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        var identity = SubjectIdentity.From(certificate);
        Assert.Equal(IdentifierType.Fingerprint, identity.Type);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(certificate.RawData)), identity.Value);
        Assert.Matches("^[0-9A-F]{64}$", identity.Value);
    }
}
