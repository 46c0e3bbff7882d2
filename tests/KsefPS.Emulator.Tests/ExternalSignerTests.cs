using System.Security.Cryptography;
using KsefPS.Core.Api.Auth;
using KsefPS.Core.Certificates;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Tests.Support;
using KsefPS.Testing;

namespace KsefPS.Emulator.Tests;

/// <summary>
/// Signatures made by another signer (xmlsec1, a real program) with the canonicalizations, transforms and algorithms
/// KSeF lists as accepted (podpis-xades.md) that .NET's SignedXml lacks or refuses by default: other KSeF clients make
/// them (Python's signxml, for one, canonicalizes with XML 1.1 unless told otherwise).
/// </summary>
public sealed class ExternalSignerTests(ConformanceEmulatorFixture fixture) : IClassFixture<ConformanceEmulatorFixture>
{
    private const string C14N10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
    private const string C14N11 = "http://www.w3.org/2006/12/xml-c14n11";
    private const string ExcC14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    private const string EcdsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
    private const string Sha256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    private const string Enveloped = """<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>""";
    // The ds prefix is declared on ds:Signature, above the XPath element, as signers usually leave it.
    private const string XPathWithoutSignature =
        """<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><ds:XPath>not(ancestor-or-self::ds:Signature)</ds:XPath></ds:Transform>""";
    private const string Filter2SubtractSignature =
        """<ds:Transform Algorithm="http://www.w3.org/2002/06/xmldsig-filter2"><f:XPath xmlns:f="http://www.w3.org/2002/06/xmldsig-filter2" Filter="subtract">/descendant::ds:Signature</f:XPath></ds:Transform>""";
    private const string Filter2KeepObject =
        """<ds:Transform Algorithm="http://www.w3.org/2002/06/xmldsig-filter2"><f:XPath xmlns:f="http://www.w3.org/2002/06/xmldsig-filter2" Filter="subtract">//ds:Signature</f:XPath><f:XPath xmlns:f="http://www.w3.org/2002/06/xmldsig-filter2" Filter="union">//ds:Object</f:XPath></ds:Transform>""";

    // The request's elements are in KSeF's namespace, not ds: intersecting with ds:Challenge leaves nothing.
    private const string FilterToNothing =
        """<ds:Transform Algorithm="http://www.w3.org/2002/06/xmldsig-filter2"><f:XPath xmlns:f="http://www.w3.org/2002/06/xmldsig-filter2" Filter="intersect">//ds:Challenge</f:XPath></ds:Transform>""";

    private readonly EmulatorClient _client = new(fixture.Emulator);

    public static TheoryData<string, string, string, string, string, KeyAlgorithm> Signatures => new()
    {
        { "Canonical XML 1.1 for SignedInfo", C14N11, EcdsaSha256, Sha256, Enveloped, KeyAlgorithm.EcP256 },
        { "Canonical XML 1.1 as a transform", C14N10, EcdsaSha256, Sha256, Enveloped + Transform(C14N11), KeyAlgorithm.EcP256 },
        { "XPath transform", ExcC14N, EcdsaSha256, Sha256, XPathWithoutSignature + Transform(ExcC14N), KeyAlgorithm.EcP256 },
        { "XPath Filter 2.0, subtract", C14N10, EcdsaSha256, Sha256, Filter2SubtractSignature, KeyAlgorithm.EcP256 },
        { "XPath Filter 2.0, subtract then union", C14N11, EcdsaSha256, Sha256, Filter2KeepObject + Transform(C14N11), KeyAlgorithm.EcP256 },
        { "ECDSA with SHA-1", C14N10, "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1", Sha256, Enveloped, KeyAlgorithm.EcP256 },
        { "RSA with SHA-1, SHA-1 digests", C14N10, "http://www.w3.org/2000/09/xmldsig#rsa-sha1", "http://www.w3.org/2000/09/xmldsig#sha1", Enveloped, KeyAlgorithm.Rsa2048 },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void KSeF_accepts_what_another_signer_makes_with_the_algorithms_it_lists(string form, string canonicalization, string signatureMethod, string digest,
        string transforms, KeyAlgorithm keyAlgorithm)
    {
        var nip = Nip.NewRandom();
        var challenge = _client.Send(HttpMethod.Post, "/v2/auth/challenge").Json!["challenge"]!.GetValue<string>();
        var request = AuthTokenRequestXml.Build(challenge, ContextIdentifier.Create(ContextIdentifierType.Nip, nip), SubjectIdentifierType.CertificateSubject);
        using var keyed = TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "Anna", Surname = "Nowak", Nip = nip, KeyAlgorithm = keyAlgorithm });
        var signed = SignWithXmlsec(request, keyed, canonicalization, signatureMethod, digest, transforms);

        var answer = _client.Send(HttpMethod.Post, "/v2/auth/xades-signature", xml: signed);

        Assert.True(answer.Status == 202, $"{form}: {answer.Json?.ToJsonString()}");
        var status = _client.Finish(answer.Json!).Code;
        Assert.True(status == 200, $"{form}: authentication ended with {status}");
    }

    [Fact]
    public void A_filter_that_leaves_nothing_of_the_request_signed_is_refused_as_an_invalid_signature()
    {
        var nip = Nip.NewRandom();
        var challenge = _client.Send(HttpMethod.Post, "/v2/auth/challenge").Json!["challenge"]!.GetValue<string>();
        var request = AuthTokenRequestXml.Build(challenge, ContextIdentifier.Create(ContextIdentifierType.Nip, nip), SubjectIdentifierType.CertificateSubject);
        using var keyed = TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "Anna", Surname = "Nowak", Nip = nip });
        var signed = SignWithXmlsec(request, keyed, C14N10, EcdsaSha256, Sha256, FilterToNothing);

        var answer = _client.Send(HttpMethod.Post, "/v2/auth/xades-signature", xml: signed);

        Assert.Equal(400, answer.Status);
        Assert.Equal(9105, answer.ExceptionCode);
    }

    private static string Transform(string algorithm) => $"""<ds:Transform Algorithm="{algorithm}"/>""";

    private static string SignWithXmlsec(string request, KeyedCertificate keyed, string canonicalization, string signatureMethod, string digest, string transforms)
    {
        var folder = Directory.CreateTempSubdirectory("ksefps-xmlsec-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "key.pem"), PemEncoding.WriteString("PRIVATE KEY", keyed.PrivateKey.ExportPkcs8PrivateKey()));
            File.WriteAllText(Path.Combine(folder, "cert.pem"), keyed.Certificate.ExportCertificatePem());
            var certificate = Convert.ToBase64String(keyed.Certificate.RawData);
            var certificateDigest = Convert.ToBase64String(SHA256.HashData(keyed.Certificate.RawData));
            var signature = $"""
                <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="Sig"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="{canonicalization}"/><ds:SignatureMethod Algorithm="{signatureMethod}"/><ds:Reference URI=""><ds:Transforms>{transforms}</ds:Transforms><ds:DigestMethod Algorithm="{digest}"/><ds:DigestValue/></ds:Reference><ds:Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#Props"><ds:Transforms><ds:Transform Algorithm="{canonicalization}"/></ds:Transforms><ds:DigestMethod Algorithm="{digest}"/><ds:DigestValue/></ds:Reference></ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo><ds:Object><xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#Sig"><xades:SignedProperties Id="Props"><xades:SignedSignatureProperties><xades:SigningTime>{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}</xades:SigningTime><xades:SigningCertificate><xades:Cert><xades:CertDigest><ds:DigestMethod Algorithm="{Sha256}"/><ds:DigestValue>{certificateDigest}</ds:DigestValue></xades:CertDigest></xades:Cert></xades:SigningCertificate></xades:SignedSignatureProperties></xades:SignedProperties></xades:QualifyingProperties></ds:Object></ds:Signature>
                """;
            File.WriteAllText(Path.Combine(folder, "template.xml"), request.Replace("</AuthTokenRequest>", signature + "</AuthTokenRequest>", StringComparison.Ordinal));
            var (exitCode, output) = ExternalTool.Run("xmlsec1", folder, "--sign", "--privkey-pem", "key.pem,cert.pem", "--id-attr:Id", "SignedProperties",
                "--output", "signed.xml", "template.xml");
            Assert.True(exitCode == 0, output);
            return File.ReadAllText(Path.Combine(folder, "signed.xml"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
