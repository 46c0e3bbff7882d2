using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using KsefPS.Core.Api.Auth;
using KsefPS.Core.Certificates;
using KsefPS.Core.Identifiers;
using KsefPS.Testing;

namespace KsefPS.Emulator.Tests;

/// <summary>
/// Signatures KsefPS itself never makes but KSeF accepts (BRIEF §3.3): enveloping form and RSASSA-PSS, built here with
/// the BCL's SignedXml, so the emulator's verifier is tested apart from our signer.
/// </summary>
public sealed class SignatureFormsTests(ConformanceEmulatorFixture fixture) : IClassFixture<ConformanceEmulatorFixture>
{
    private const string Xades = "http://uri.etsi.org/01903/v1.3.2#";
    private readonly EmulatorClient _client = new(fixture.Emulator);

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Enveloping_and_RSA_PSS_signatures_are_accepted(bool enveloping, bool pss)
    {
        var nip = Nip.NewRandom();
        var challenge = _client.Send(HttpMethod.Post, "/v2/auth/challenge").Json!["challenge"]!.GetValue<string>();
        var request = AuthTokenRequestXml.Build(challenge, ContextIdentifier.Create(ContextIdentifierType.Nip, nip), SubjectIdentifierType.CertificateSubject);
        using var keyed = TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "A", Surname = "R", Nip = nip, KeyAlgorithm = KeyAlgorithm.Rsa2048 });
        var xml = Sign(request, keyed.Certificate, (RSA)keyed.PrivateKey, enveloping, pss);

        var answer = _client.Send(HttpMethod.Post, "/v2/auth/xades-signature", xml: xml);
        Assert.True(answer.Status == 202, answer.Json?.ToJsonString());
    }

    private static string Sign(string requestXml, X509Certificate2 certificate, RSA key, bool enveloping, bool pss)
    {
        PssSha256.Register();
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(requestXml);
        var target = enveloping ? new XmlDocument { PreserveWhitespace = true } : document;
        var signed = new SignedXmlWithObjects(target) { SigningKey = key };
        signed.Signature.Id = "Sig";
        signed.SignedInfo!.SignatureMethod = pss ? PssSha256.Uri : SignedXml.XmlDsigRSASHA256Url;
        signed.SignedInfo.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;

        if (enveloping)
        {
            var holder = target.CreateElement("holder");
            holder.AppendChild(target.ImportNode(document.DocumentElement!, true));
            var requestObject = new DataObject { Id = "Request", Data = holder.ChildNodes };
            signed.AddObject(requestObject);
            signed.Objects.Add(requestObject.GetXml());
            var reference = new Reference("#Request") { DigestMethod = SignedXml.XmlDsigSHA256Url };
            reference.AddTransform(new XmlDsigExcC14NTransform());
            signed.AddReference(reference);
        }
        else
        {
            var reference = new Reference("") { DigestMethod = SignedXml.XmlDsigSHA256Url };
            reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
            reference.AddTransform(new XmlDsigExcC14NTransform());
            signed.AddReference(reference);
        }

        var properties = target.CreateElement("xades", "QualifyingProperties", Xades);
        properties.SetAttribute("Target", "#Sig");
        var signedProperties = (XmlElement)properties.AppendChild(target.CreateElement("xades", "SignedProperties", Xades))!;
        signedProperties.SetAttribute("Id", "Props");
        var cert = signedProperties.AppendChild(target.CreateElement("xades", "SignedSignatureProperties", Xades))!
            .AppendChild(target.CreateElement("xades", "SigningCertificate", Xades))!
            .AppendChild(target.CreateElement("xades", "Cert", Xades))!
            .AppendChild(target.CreateElement("xades", "CertDigest", Xades))!;
        ((XmlElement)cert.AppendChild(target.CreateElement("ds", "DigestMethod", SignedXml.XmlDsigNamespaceUrl))!).SetAttribute("Algorithm", SignedXml.XmlDsigSHA256Url);
        cert.AppendChild(target.CreateElement("ds", "DigestValue", SignedXml.XmlDsigNamespaceUrl))!.InnerText = Convert.ToBase64String(SHA256.HashData(certificate.RawData));
        var propertiesHolder = target.CreateElement("holder");
        propertiesHolder.AppendChild(properties);
        var propertiesObject = new DataObject { Data = propertiesHolder.ChildNodes };
        signed.AddObject(propertiesObject);
        signed.Objects.Add(properties);
        var propertiesReference = new Reference("#Props") { DigestMethod = SignedXml.XmlDsigSHA256Url, Type = "http://uri.etsi.org/01903#SignedProperties" };
        propertiesReference.AddTransform(new XmlDsigExcC14NTransform());
        signed.AddReference(propertiesReference);

        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(certificate));
        signed.KeyInfo = keyInfo;
        signed.ComputeSignature();
        var signature = target.ImportNode(signed.GetXml(), true);
        if (enveloping)
        {
            target.AppendChild(signature);
            return target.OuterXml;
        }
        document.DocumentElement!.AppendChild(signature);
        return document.OuterXml;
    }

    /// <summary>Lets SignedXml resolve #Id references inside objects not yet attached to a document.</summary>
    private sealed class SignedXmlWithObjects(XmlDocument document) : SignedXml(document)
    {
        public List<XmlElement> Objects { get; } = [];

        public override XmlElement? GetIdElement(XmlDocument? document, string idValue) =>
            base.GetIdElement(document, idValue)
            ?? Objects.Select(o => o.SelectSingleNode($"descendant-or-self::*[@Id='{idValue}']") as XmlElement).FirstOrDefault(e => e is not null);
    }

    /// <summary>RSASSA-PSS with SHA-256 and a 32-byte salt, for signing (the emulator has its own verifier).</summary>
    public sealed class PssSha256 : SignatureDescription
    {
        public const string Uri = "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1";
        private static int _registered;

        public PssSha256()
        {
            KeyAlgorithm = typeof(RSA).AssemblyQualifiedName;
            DigestAlgorithm = typeof(SHA256).AssemblyQualifiedName;
        }

        public static void Register()
        {
            if (Interlocked.Exchange(ref _registered, 1) == 0)
            {
                CryptoConfig.AddAlgorithm(typeof(PssSha256), Uri);
            }
        }

        public override HashAlgorithm CreateDigest() => SHA256.Create();
        public override AsymmetricSignatureFormatter CreateFormatter(AsymmetricAlgorithm key) => new Formatter((RSA)key);
        public override AsymmetricSignatureDeformatter CreateDeformatter(AsymmetricAlgorithm key) => throw new NotSupportedException();

        private sealed class Formatter(RSA key) : AsymmetricSignatureFormatter
        {
            public override void SetKey(AsymmetricAlgorithm key) { }
            public override void SetHashAlgorithm(string strName) { }
            public override byte[] CreateSignature(byte[] rgbHash) => key.SignHash(rgbHash, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        }
    }
}

public sealed class ChallengeLifetimeTests
{
    [Fact]
    public void An_expired_challenge_is_refused_with_21111()
    {
        using var emulator = EmulatorProcess.Start("--Emulator:ChallengeLifetime=00:00:00", "--Emulator:RateLimits=false");
        using var client = new EmulatorClient(emulator);
        var nip = Nip.NewRandom();
        var challenge = client.Send(HttpMethod.Post, "/v2/auth/challenge").Json!["challenge"]!.GetValue<string>();
        using var signer = TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "A", Surname = "R", Nip = nip });
        var xml = KsefPS.Core.Signing.XadesSigner.SignEnveloped(AuthTokenRequestXml.Build(challenge, ContextIdentifier.Create(ContextIdentifierType.Nip, nip), SubjectIdentifierType.CertificateSubject), signer);
        var answer = client.Send(HttpMethod.Post, "/v2/auth/xades-signature", xml: xml);
        Assert.Equal(400, answer.Status);
        Assert.Contains("expired", answer.Json!.ToJsonString());
    }
}

public sealed class RateLimitTests
{
    [Fact]
    public void The_other_group_allows_ten_requests_a_second_then_answers_429_with_Retry_After()
    {
        using var emulator = EmulatorProcess.Start();
        using var client = new EmulatorClient(emulator);
        // 40 requests at once: well over the 10 a second the group allows, however slow the machine.
        var statuses = new System.Collections.Concurrent.ConcurrentBag<EmulatorClient.Answer>();
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => statuses.Add(client.Send(HttpMethod.Get, "/v2/tokens", bearer: "x")));
        Assert.Contains(statuses, s => s.Status == 401);
        var limited = statuses.Where(s => s.Status == 429).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, s => Assert.NotNull(s.Response.Headers.RetryAfter));
    }
}
