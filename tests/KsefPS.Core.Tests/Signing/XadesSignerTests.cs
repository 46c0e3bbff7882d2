using System.Security.Cryptography.Xml;
using System.Xml;
using System.Xml.Schema;
using KsefPS.Core.Api.Auth;
using KsefPS.Core.Certificates;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Signing;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Core.Tests.Signing;

public sealed class XadesSignerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Request(ContextIdentifier? context = null, IpPolicy? policy = null) =>
        AuthTokenRequestXml.Build("20250514-CR-226FB7B000-3ACF9BE4C0-10", context ?? ContextIdentifier.Create(ContextIdentifierType.Nip, "5265877635"),
            SubjectIdentifierType.CertificateSubject, policy);

    public static TheoryData<KeyAlgorithm, bool> Signers => new()
    {
        { KeyAlgorithm.EcP256, false }, { KeyAlgorithm.Rsa2048, false }, { KeyAlgorithm.EcP256, true }, { KeyAlgorithm.Rsa2048, true },
    };

    [Theory]
    [MemberData(nameof(Signers))]
    public void Xmlsec1_verifies_our_signature(KeyAlgorithm algorithm, bool seal)
    {
        using var signer = TestCertificateFactory.Create(seal
            ? new TestCertificateRequest { OrganizationName = "Beta", Nip = "5265877635", KeyAlgorithm = algorithm }
            : new TestCertificateRequest { GivenName = "A", Surname = "R", Nip = "5265877635", KeyAlgorithm = algorithm });
        var signed = XadesSigner.SignEnveloped(Request(), signer);
        File.WriteAllText(_dir.File("signed.xml"), signed);

        var (exitCode, output) = ExternalTool.Run("xmlsec1", _dir.Path, "--verify", "--insecure",
            "--id-attr:Id", "http://uri.etsi.org/01903/v1.3.2#:SignedProperties", "signed.xml");
        Assert.True(exitCode == 0, output);
        Assert.Contains("OK", output);

        var tampered = signed.Replace("5265877635</Nip>", "5265877636</Nip>", StringComparison.Ordinal);
        File.WriteAllText(_dir.File("tampered.xml"), tampered);
        var (tamperedExit, _) = ExternalTool.Run("xmlsec1", _dir.Path, "--verify", "--insecure",
            "--id-attr:Id", "http://uri.etsi.org/01903/v1.3.2#:SignedProperties", "tampered.xml");
        Assert.NotEqual(0, tamperedExit);
    }

    [Fact]
    public void Signature_has_the_profile_KSeF_expects()
    {
        using var signer = TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "A", Surname = "R", Nip = "5265877635" });
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(XadesSigner.SignEnveloped(Request(), signer));
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("ds", SignedXml.XmlDsigNamespaceUrl);
        ns.AddNamespace("xades", XadesSigner.XadesNamespace);
        var signature = (XmlElement)document.DocumentElement!.LastChild!;
        Assert.Equal("Signature", signature.LocalName);
        Assert.Equal(EcdsaSha256SignatureDescription.Algorithm, document.SelectSingleNode("//ds:SignatureMethod/@Algorithm", ns)!.Value);
        Assert.Equal(64, Convert.FromBase64String(document.SelectSingleNode("//ds:SignatureValue", ns)!.InnerText).Length); // R‖S, not DER
        Assert.Equal(2, document.SelectNodes("//ds:SignedInfo/ds:Reference", ns)!.Count);
        Assert.NotNull(document.SelectSingleNode("//xades:SignedProperties[@Id='SignedProperties']/xades:SignedSignatureProperties/xades:SigningTime", ns));
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(signer.Certificate.RawData)),
            document.SelectSingleNode("//xades:CertDigest/ds:DigestValue", ns)!.InnerText);
        Assert.Equal(Convert.ToBase64String(signer.Certificate.RawData), document.SelectSingleNode("//ds:KeyInfo/ds:X509Data/ds:X509Certificate", ns)!.InnerText);
    }

    [Theory]
    [InlineData("schemat_auth_v2-0.xsd", AuthTokenRequestXml.Namespace20)]
    [InlineData("schemat_auth_v2-1.xsd", "http://ksef.mf.gov.pl/auth/token/2.1")]
    public void Our_requests_are_valid_against_the_official_XSDs(string xsd, string targetNamespace)
    {
        var requests = new[]
        {
            Request(),
            Request(ContextIdentifier.Create(ContextIdentifierType.InternalId, "6824515772-12343")),
            Request(ContextIdentifier.Create(ContextIdentifierType.NipVatUe, "5265877635-ATU12345678")),
            Request(policy: IpPolicy.Parse(["10.0.0.1", "192.168.0.1-192.168.0.20", "172.16.0.0/12"])),
        };
        foreach (var request in requests)
        {
            Validate(request.Replace(AuthTokenRequestXml.Namespace20, targetNamespace, StringComparison.Ordinal), xsd, targetNamespace);
        }
        Assert.Throws<XmlSchemaValidationException>(() =>
            Validate(Request().Replace("5265877635", "0265877635", StringComparison.Ordinal).Replace(AuthTokenRequestXml.Namespace20, targetNamespace, StringComparison.Ordinal), xsd, targetNamespace));
    }

    private static void Validate(string xml, string xsd, string targetNamespace)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(targetNamespace, Repository.Spec("auth", xsd));
        var document = new System.Xml.Linq.XDocument();
        document = System.Xml.Linq.XDocument.Parse(xml);
        System.Xml.Schema.Extensions.Validate(document, schemas, (_, e) => throw new XmlSchemaValidationException(e.Message));
    }
}
