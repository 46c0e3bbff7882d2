using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using KsefPS.Core.Certificates;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Offline;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Core.Tests.Offline;

public sealed class InvoiceAndImageTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static string SampleInvoice(string nip, string number) =>
        File.ReadAllText(Repository.Spec("samples", "invoice-template-fa-3.xml")).Replace("#nip#", nip).Replace("#invoice_number#", number);

    [Fact]
    public void Reads_seller_date_number_and_the_hash_of_the_exact_bytes()
    {
        var xml = SampleInvoice("5265877635", "0001");
        var lf = _dir.File("lf.xml");
        File.WriteAllText(lf, xml.ReplaceLineEndings("\n"), new UTF8Encoding(false));
        var facts = InvoiceFacts.Read(lf);
        Assert.Equal("5265877635", facts.SellerNip);
        Assert.Equal(new DateOnly(2025, 9, 1), facts.IssueDate);
        Assert.Equal("FA/GRQMB-0001/05/2025", facts.InvoiceNumber);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(lf)), facts.Sha256);

        var crlf = _dir.File("crlf.xml");
        File.WriteAllText(crlf, xml.ReplaceLineEndings("\r\n"), new UTF8Encoding(false));
        var crlfFacts = InvoiceFacts.Read(crlf);
        Assert.Equal(facts.SellerNip, crlfFacts.SellerNip);
        Assert.NotEqual(facts.HashBase64Url, crlfFacts.HashBase64Url);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(crlf)), crlfFacts.Sha256);
    }

    /// <summary>An invoice protected offline must be one KSeF takes later: the same checks as Send-KsefInvoice.</summary>
    [Theory]
    [InlineData("bom")]
    [InlineData("not xml")]
    [InlineData("no issue date")]
    [InlineData("bad seller NIP")]
    [InlineData("over 3 MB")]
    [InlineData("not valid against the schema")]
    public void Invoices_KSeF_would_refuse_are_refused(string fault)
    {
        var xml = SampleInvoice("5265877635", "0001");
        var path = _dir.File("bad.xml");
        switch (fault)
        {
            case "bom": File.WriteAllText(path, xml, new UTF8Encoding(true)); break;
            case "not xml": File.WriteAllText(path, "not xml at all"); break;
            case "no issue date": File.WriteAllText(path, xml.Replace("<P_1>2025-09-01</P_1>", "")); break;
            case "bad seller NIP": File.WriteAllText(path, SampleInvoice("5265877636", "0001")); break;
            case "over 3 MB": File.WriteAllText(path, xml.Replace("</Faktura>", "<!--" + new string('x', 3_100_000) + "--></Faktura>")); break;
            default: File.WriteAllText(path, xml.Replace("<P_2>", "<P_2x>").Replace("</P_2>", "</P_2x>")); break;
        }
        KsefAssert.Fails(ErrorIds.InvoiceInvalid, () => InvoiceFacts.Read(path));
    }

    [Fact]
    public void A_PEF_invoice_gives_its_seller_date_and_number_as_an_FA_invoice_does()
    {
        var path = _dir.File("pef.xml");
        File.WriteAllText(path, File.ReadAllText(Repository.TestSample("invoice-template-pef-3.xml")).Replace("#supplier_nip#", "5265877635")
            .Replace("#buyer_nip#", "7762811692").Replace("#invoice_number#", "PEF/7").Replace("#issue_date#", "2025-09-02"), new UTF8Encoding(false));
        var facts = InvoiceFacts.Read(path);
        Assert.Equal("5265877635", facts.SellerNip);
        Assert.Equal(new DateOnly(2025, 9, 2), facts.IssueDate);
        Assert.Equal("PEF/7", facts.InvoiceNumber);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(path)), facts.Sha256);
    }

    [Fact]
    public void A_missing_file_is_unreadable() =>
        KsefAssert.Fails(ErrorIds.InvoiceUnreadable, () => InvoiceFacts.Read(_dir.File("missing.xml")));

    [Theory]
    [InlineData(KeyAlgorithm.EcP256, "https://qr-test.ksef.mf.gov.pl", "qr-test.ksef.mf.gov.pl", ContextIdentifierType.Nip, 0)]
    [InlineData(KeyAlgorithm.Rsa2048, "https://qr-test.ksef.mf.gov.pl", "qr-test.ksef.mf.gov.pl", ContextIdentifierType.Nip, 0)]
    // On a port, and longer than the stack buffer a link is put together in.
    [InlineData(KeyAlgorithm.EcP256, "https://127.0.0.1:8443", "127.0.0.1:8443", ContextIdentifierType.InternalId, 1_500)]
    [InlineData(KeyAlgorithm.Rsa2048, "https://127.0.0.1:8443", "127.0.0.1:8443", ContextIdentifierType.InternalId, 1_500)]
    public void Our_KOD_II_links_are_whole_and_their_signatures_verify_with_openssl(KeyAlgorithm algorithm, string qrBase, string authority,
        ContextIdentifierType type, int padding)
    {
        using var keyed = TestCertificateFactory.Create(new TestCertificateRequest { OrganizationName = "O", Nip = "5265877635", KeyAlgorithm = algorithm, Usage = CertificateUsage.Offline });
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("<x/>"));
        var context = new ContextIdentifier(type, padding == 0 ? "5265877635" : "5265877635-" + new string('7', padding));
        var serial = VerificationLinks.SerialOf(keyed.Certificate);

        var url = VerificationLinks.CertificateLink(new Uri(qrBase), context, "5265877635", serial, hash, keyed.PrivateKey);

        var signedPart = $"{authority}/certificate/{type}/{context.Value}/5265877635/{serial}/{Base64Url.Encode(hash)}";
        Assert.Equal(signedPart, VerificationLinks.SignedPart(new Uri(qrBase), context, "5265877635", serial, hash));
        Assert.StartsWith($"https://{signedPart}/", url);
        var link = VerificationLinks.ParseCertificateLink(url);
        Assert.Equal(signedPart, link.SignedPart);
        Assert.True(VerificationLinks.VerifySignature(link, keyed.Certificate));
        AssertOpenSslVerifies(link, PublicKeyFile(keyed.Certificate), algorithm, "link");
    }

    [Fact]
    public void KOD_II_links_signed_on_several_threads_with_a_key_from_the_store_verify_with_openssl()
    {
        using var keyed = TestCertificateFactory.Create(new TestCertificateRequest { OrganizationName = "O", Nip = "5265877635", Usage = CertificateUsage.Offline });
        var files = Enumerable.Range(1, 24).Select(i =>
        {
            var path = _dir.File($"fv-{i}.xml");
            File.WriteAllText(path, SampleInvoice("5265877635", $"T-{i}"));
            return path;
        }).ToList();
        using var protector = new OfflineProtector(keyed, Environments.KsefEnvironment.Test, null, OfflineMode.Offline24, null, null, [], validateSchema: false);

        var links = files.AsParallel().WithDegreeOfParallelism(4).Select(file => protector.Protect(file).CertificateLink).ToList();

        Assert.Equal(files.Count, links.Distinct().Count());
        var publicKey = PublicKeyFile(keyed.Certificate);
        for (var i = 0; i < links.Count; i++)
        {
            AssertOpenSslVerifies(VerificationLinks.ParseCertificateLink(links[i]), publicKey, KeyAlgorithm.EcP256, $"link{i}");
        }
    }

    /// <summary>The certificate's public key as openssl reads it, in a file of the test folder; its name there.</summary>
    private string PublicKeyFile(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        File.WriteAllText(_dir.File("cert.pem"), certificate.ExportCertificatePem());
        OpenSsl.Run(_dir.Path, "x509", "-in", "cert.pem", "-pubkey", "-noout", "-out", "pub.pem");
        return "pub.pem";
    }

    /// <summary>openssl, as a verifier that shares no code with us, checks the link's signature over its signed part.</summary>
    private void AssertOpenSslVerifies(VerificationLinks.CertificateLinkParts link, string publicKeyFile, KeyAlgorithm algorithm, string name)
    {
        File.WriteAllText(_dir.File($"{name}.txt"), link.SignedPart);
        var signature = link.Signature;
        if (algorithm == KeyAlgorithm.EcP256)
        {
            Assert.Equal(64, signature.Length);
            signature = RawToDer(signature);
        }
        File.WriteAllBytes(_dir.File($"{name}.sig"), signature);
        var arguments = algorithm == KeyAlgorithm.Rsa2048
            ? new[] { "dgst", "-sha256", "-verify", publicKeyFile, "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32", "-signature", $"{name}.sig", $"{name}.txt" }
            : new[] { "dgst", "-sha256", "-verify", publicKeyFile, "-signature", $"{name}.sig", $"{name}.txt" };
        Assert.Contains("Verified OK", OpenSsl.Run(_dir.Path, arguments));
    }

    /// <summary>BRIEF §1: Demo and production take FA (3), not FA (2); an invoice they would refuse is not issued offline for them.</summary>
    [Theory]
    [InlineData("invoice-template-fa-2.xml", Environments.KsefEnvironment.Test, true)]
    [InlineData("invoice-template-fa-2.xml", Environments.KsefEnvironment.Demo, false)]
    [InlineData("invoice-template-fa-2.xml", Environments.KsefEnvironment.Production, false)]
    [InlineData("invoice-template-fa-3.xml", Environments.KsefEnvironment.Production, true)]
    public void An_FA_2_invoice_is_protected_for_TEST_only(string sample, Environments.KsefEnvironment environment, bool taken)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Seal, 2.5.4.97=VATPL-5265877635, O=Seal, C=PL", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var keyed = new KeyedCertificate(certificate, key);
        using var protector = new OfflineProtector(keyed, environment, null, OfflineMode.Offline24, null, null, []);
        var path = _dir.File("fv.xml");
        File.WriteAllText(path, File.ReadAllText(Repository.Spec("samples", sample)).Replace("#nip#", "5265877635").Replace("#invoice_number#", "F-1"));

        if (taken)
        {
            Assert.StartsWith(Environments.KsefEnvironmentInfo.For(environment).QrUrl.ToString(), protector.Protect(path).CertificateLink);
            return;
        }
        var error = Assert.Throws<KsefException>(() => protector.Protect(path));
        Assert.Equal(ErrorIds.InvoiceFormNotAccepted, error.ErrorId);
        Assert.Equal(path, error.Target);
        Assert.Contains("FA (2)", error.Message);
    }

    [Theory]
    [InlineData(OfflineMode.Offline24)]
    [InlineData(OfflineMode.Emergency)]
    public void Each_invoice_gets_the_deadline_of_its_own_issue_date(OfflineMode mode)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Seal, 2.5.4.97=VATPL-5265877635, O=Seal, C=PL", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var keyed = new KeyedCertificate(certificate, key);
        using var protector = new OfflineProtector(keyed, Environments.KsefEnvironment.Test, null, mode, null, null, []);
        // Thursday, then Friday before Easter (twice), back and forth, then before Christmas: runs of one date and changes of date.
        DateOnly[] dates = [new(2026, 4, 2), new(2026, 4, 3), new(2026, 4, 3), new(2026, 4, 2), new(2026, 4, 3), new(2026, 12, 23)];
        for (var i = 0; i < dates.Length; i++)
        {
            File.WriteAllText(_dir.File($"d-{i}.xml"), SampleInvoice("5265877635", $"D-{i}").Replace("<P_1>2025-09-01</P_1>", $"<P_1>{dates[i]:yyyy-MM-dd}</P_1>"));
        }

        var deadlines = dates.Select((_, i) => protector.Protect(_dir.File($"d-{i}.xml"))).Select(r => (r.IssueDate, r.Deadline)).ToList();

        Assert.Equal(dates.Select(d => (d, OfflineDeadline.Compute(mode, d))), deadlines);
        Assert.Equal(3, deadlines.Select(d => d.Deadline).Distinct().Count());
    }

    [Fact]
    public void A_serial_encoded_with_a_leading_zero_byte_keeps_it_in_KOD_II_and_matches_either_way()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Seal, 2.5.4.97=VATPL-5265877635, O=Seal, C=PL", key, HashAlgorithmName.SHA256);
        byte[] serial = [0x00, 0x9A, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77];
        using var generator = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var issuer = new System.Security.Cryptography.X509Certificates.X500DistinguishedName("CN=Test CA");
        using var issued = request.Create(issuer, System.Security.Cryptography.X509Certificates.X509SignatureGenerator.CreateForECDsa(generator),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        Assert.Equal("009A11223344556677", issued.SerialNumber);
        var template = File.ReadAllText(Repository.Spec("samples", "invoice-template-fa-3.xml")).Replace("#nip#", "5265877635").Replace("#invoice_number#", "Z-1");
        File.WriteAllText(_dir.File("fv.xml"), template);

        using var keyed = new KeyedCertificate(issued, key);
        using var protector = new OfflineProtector(keyed, Environments.KsefEnvironment.Test, null, OfflineMode.Offline24, null, null, []);
        var result = protector.Protect(_dir.File("fv.xml"));

        Assert.Equal("009A11223344556677", result.CertificateSerial);
        var link = VerificationLinks.ParseCertificateLink(result.CertificateLink);
        Assert.Equal("009A11223344556677", link.CertificateSerial);
        Assert.True(VerificationLinks.VerifySignature(link, issued));
        Assert.True(VerificationLinks.SerialMatches(link.CertificateSerial, issued));
        Assert.True(VerificationLinks.SerialMatches("9A11223344556677", issued));
        Assert.False(VerificationLinks.SerialMatches("9A11223344556678", issued));
    }

    /// <summary>R‖S → the DER SEQUENCE openssl expects (RFC 3279), written by hand so the test does not trust our own code.</summary>
    private static byte[] RawToDer(byte[] raw)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(raw.AsSpan(0, 32).TrimStart((byte)0));
            writer.WriteIntegerUnsigned(raw.AsSpan(32).TrimStart((byte)0));
        }
        return writer.Encode();
    }

    [Theory]
    [InlineData("https://qr-test.ksef.mf.gov.pl/invoice/1111111111/01-02-2026/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE", "OFFLINE")]
    [InlineData("https://qr-test.ksef.mf.gov.pl/certificate/Nip/1111111111/1111111111/01F20A5D352AE590/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE/mSkm_XmM9fq7PgAJwiL32L9ujhyguOEV48cDB0ncemD2r9TMGa3lr0iRoFk588agCi8QPsOuscUY1rZ7ff76STbGquO-gZtQys5_fHdf2HUfDqPqVTnUS6HknBu0zLkyf9ygoW7WbH06Ty_8BgQTlOmJFzNWSt9WZa7tAGuAE9JOooNps-KG2PYkkIP4q4jPMp3FKypAygHVnXtS0RDGgOxhhM7LWtFP7D-dWINbh5yXD8Lr-JVbeOpyQjHa6WmMYavCDQJ3X_Z-iS01LZu2s1B3xuOykl1h0sLObCdADrbxOONsXrvQa61Xt_rxyprVraj2Uf9pANQgR4-12HEcMw", "CERTYFIKAT")]
    [InlineData("https://qr-test.ksef.mf.gov.pl/invoice/5265877635/29-07-2025/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE", "5265877635-20250729-01004014E040-00")]
    public void PNGs_and_SVGs_decode_with_zbarimg_to_exactly_their_URL_and_SVGs_carry_the_label(string url, string label)
    {
        File.WriteAllBytes(_dir.File("code.png"), QrImage.Render(url, label, QrImageFormat.Png));
        Assert.Equal(url, Decoded("code.png"));

        var svgBytes = QrImage.Render(url, label, QrImageFormat.Svg);
        var svg = XDocument.Parse(Encoding.UTF8.GetString(svgBytes));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(label, svg.Root!.Element(ns + "text")!.Value);
        // Drawn by librsvg, an independent renderer, then read like any scanned code.
        File.WriteAllBytes(_dir.File("code.svg"), svgBytes);
        var (exitCode, _, error) = ExternalTool.RunSeparately("rsvg-convert", _dir.Path, "--background-color", "white", "--output", "svg.png", "code.svg");
        Assert.True(exitCode == 0, error);
        Assert.Equal(url, Decoded("svg.png"));
    }

    private string Decoded(string image)
    {
        var (exitCode, output, error) = ExternalTool.RunSeparately("zbarimg", _dir.Path, "--quiet", "--raw", image);
        Assert.True(exitCode == 0, error);
        return output.TrimEnd('\n');
    }
}
