using System.Security;
using System.Security.Cryptography;
using KsefPS.Core.Certificates;
using KsefPS.Core.Errors;
using KsefPS.Core.Security;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Core.Tests.Certificates;

/// <summary>Files made by openssl are read by us; files we write are read by openssl, and the keys match.</summary>
public sealed class OpenSslInteropTests : IDisposable
{
    private static readonly SecureString Secret = SecureStrings.FromString("s3cret-Pa55");
    private readonly TempDirectory _dir = new();

    public OpenSslInteropTests()
    {
        var d = _dir.Path;
        OpenSsl.Run(d, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec-sec1.key");
        OpenSsl.Run(d, "req", "-x509", "-new", "-key", "ec-sec1.key", "-subj", "/CN=ec test/C=PL", "-days", "30", "-out", "ec.crt");
        OpenSsl.Run(d, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa.key", "-subj", "/CN=rsa test", "-days", "30", "-out", "rsa.crt");
        OpenSsl.Run(d, "pkcs8", "-topk8", "-in", "rsa.key", "-v2", "aes-256-cbc", "-passout", "pass:s3cret-Pa55", "-out", "rsa-enc.key");
        OpenSsl.Run(d, "pkcs8", "-topk8", "-in", "ec-sec1.key", "-v2", "aes-256-cbc", "-passout", "pass:s3cret-Pa55", "-out", "ec-enc.key");
        OpenSsl.Run(d, "pkcs12", "-export", "-in", "ec.crt", "-inkey", "ec-sec1.key", "-passout", "pass:s3cret-Pa55", "-out", "ec-aes.pfx");
        OpenSsl.Run(d, "pkcs12", "-export", "-in", "rsa.crt", "-inkey", "rsa.key", "-passout", "pass:s3cret-Pa55",
            "-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1", "-out", "rsa-3des.pfx");
        OpenSsl.Run(d, "x509", "-in", "rsa.crt", "-outform", "DER", "-out", "rsa.der");
        OpenSsl.Run(d, "pkcs8", "-topk8", "-nocrypt", "-in", "rsa.key", "-outform", "DER", "-out", "rsa-key.der");
        File.WriteAllText(_dir.File("ec-combined.pem"), File.ReadAllText(_dir.File("ec.crt")) + File.ReadAllText(_dir.File("ec-sec1.key")));
    }

    public void Dispose() => _dir.Dispose();

    private string PublicKeyPemOf(string certificateFile, params string[] extra) =>
        OpenSsl.Run(_dir.Path, ["x509", "-in", certificateFile, "-pubkey", "-noout", .. extra]);

    private static string PublicKeyPemOf(AsymmetricAlgorithm key) =>
        PemEncoding.WriteString("PUBLIC KEY", key switch
        {
            RSA rsa => rsa.ExportSubjectPublicKeyInfo(),
            ECDsa ec => ec.ExportSubjectPublicKeyInfo(),
            _ => throw new InvalidOperationException(),
        }) + "\n";

    public static TheoryData<string, string?, string?, bool, string> OpenSslFiles => new()
    {
        // file, key file, which password, expected key label, certificate for comparison
        { "ec-aes.pfx", null, "password", false, "ec.crt" },
        { "rsa-3des.pfx", null, "password", false, "rsa.crt" },
        { "rsa.crt", "rsa.key", null, false, "rsa.crt" },
        { "rsa.crt", "rsa-enc.key", "keyPassword", false, "rsa.crt" },
        { "ec.crt", "ec-enc.key", "keyPassword", false, "ec.crt" },
        { "ec.crt", "ec-sec1.key", null, false, "ec.crt" },
        { "ec-combined.pem", null, null, false, "ec.crt" },
        { "rsa.der", "rsa.key", null, false, "rsa.crt" },
        { "rsa.der", "rsa-key.der", null, false, "rsa.crt" },
    };

    [Theory]
    [MemberData(nameof(OpenSslFiles))]
    public void Reads_what_openssl_writes(string file, string? keyFile, string? passwordKind, bool _, string certificate)
    {
        using var keyed = CertificateFileReader.Read(_dir.File(file),
            passwordKind == "password" ? Secret : null,
            keyFile is null ? null : _dir.File(keyFile),
            passwordKind == "keyPassword" ? Secret : null);
        Assert.Equal(PublicKeyPemOf(certificate), PublicKeyPemOf(keyed.PrivateKey));
        Assert.True(keyed.Certificate.RawData.SequenceEqual(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(_dir.File(certificate))).RawData));
    }

    [Theory]
    [InlineData(KeyAlgorithm.EcP256)]
    [InlineData(KeyAlgorithm.Rsa2048)]
    public void Openssl_reads_what_we_export(KeyAlgorithm algorithm)
    {
        using var keyed = TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "A", Surname = "R", Nip = "5265877635", KeyAlgorithm = algorithm });
        File.WriteAllBytes(_dir.File("out.pem"), CertificateExporter.EncodeCertificate(keyed.Certificate, ExportFormat.Pem));
        File.WriteAllBytes(_dir.File("out.der"), CertificateExporter.EncodeCertificate(keyed.Certificate, ExportFormat.Der));
        File.WriteAllBytes(_dir.File("out.pfx"), CertificateExporter.EncodeWithKey(keyed, ExportFormat.Pfx, Secret));
        File.WriteAllBytes(_dir.File("out.key"), CertificateExporter.EncodeWithKey(keyed, ExportFormat.Key, null));
        File.WriteAllBytes(_dir.File("out-enc.key"), CertificateExporter.EncodeWithKey(keyed, ExportFormat.Key, Secret));

        var expected = PublicKeyPemOf(keyed.PrivateKey);
        Assert.Equal(expected, PublicKeyPemOf("out.pem"));
        Assert.Equal(expected, PublicKeyPemOf("out.der", "-inform", "DER"));
        Assert.Equal(expected, OpenSsl.Run(_dir.Path, "pkey", "-in", "out.key", "-pubout"));
        Assert.Equal(expected, OpenSsl.Run(_dir.Path, "pkey", "-in", "out-enc.key", "-passin", "pass:s3cret-Pa55", "-pubout"));
        Assert.Contains("ENCRYPTED PRIVATE KEY", File.ReadAllText(_dir.File("out-enc.key")));

        OpenSsl.Run(_dir.Path, "pkcs12", "-in", "out.pfx", "-passin", "pass:s3cret-Pa55", "-nodes", "-out", "pfx-contents.pem");
        Assert.Equal(expected, OpenSsl.Run(_dir.Path, "pkey", "-in", "pfx-contents.pem", "-pubout"));
        Assert.Equal(expected, PublicKeyPemOf("pfx-contents.pem"));
        Assert.Throws<InvalidOperationException>(() => OpenSsl.Run(_dir.Path, "pkcs12", "-in", "out.pfx", "-passin", "pass:wrong", "-nodes"));
    }

    [Fact]
    public void Dotnet_loads_our_PFX_within_its_default_limits_with_the_key()
    {
        using var keyed = TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "A", Surname = "R", Nip = "5265877635" });
        var pfx = CertificateExporter.EncodeWithKey(keyed, ExportFormat.Pfx, Secret);
        using var loaded = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(pfx, "s3cret-Pa55");
        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(keyed.Certificate.Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void Pfx_export_without_password_is_refused() =>
        KsefAssert.Fails(ErrorIds.ExportPasswordRequired, () =>
        {
            using var keyed = TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "A", Surname = "R", Nip = "5265877635" });
            CertificateExporter.EncodeWithKey(keyed, ExportFormat.Pfx, null);
        });

    [Fact]
    public void Wrong_pfx_password() =>
        KsefAssert.Fails(ErrorIds.CertificatePasswordInvalid, () => CertificateFileReader.Read(_dir.File("ec-aes.pfx"), SecureStrings.FromString("nope"), null, null));

    [Fact]
    public void Pfx_without_password() =>
        KsefAssert.Fails(ErrorIds.CertificatePasswordRequired, () => CertificateFileReader.Read(_dir.File("ec-aes.pfx"), null, null, null));

    [Fact]
    public void Wrong_key_password() =>
        KsefAssert.Fails(ErrorIds.CertificatePasswordInvalid, () => CertificateFileReader.Read(_dir.File("rsa.crt"), null, _dir.File("rsa-enc.key"), SecureStrings.FromString("nope")));

    [Fact]
    public void Encrypted_key_without_password() =>
        KsefAssert.Fails(ErrorIds.CertificatePasswordRequired, () => CertificateFileReader.Read(_dir.File("rsa.crt"), null, _dir.File("rsa-enc.key"), null));

    [Fact]
    public void Truncated_der()
    {
        var der = File.ReadAllBytes(_dir.File("rsa.der"));
        File.WriteAllBytes(_dir.File("truncated.der"), der[..(der.Length / 2)]);
        KsefAssert.Fails(ErrorIds.CertificateFormatUnknown, () => CertificateFileReader.Read(_dir.File("truncated.der"), null, _dir.File("rsa.key"), null));
    }

    [Fact]
    public void Pem_without_key() =>
        KsefAssert.Fails(ErrorIds.CertificateKeyMissing, () => CertificateFileReader.Read(_dir.File("ec.crt"), null, null, null));

    [Fact]
    public void Key_of_another_certificate() =>
        KsefAssert.Fails(ErrorIds.CertificateKeyMismatch, () => CertificateFileReader.Read(_dir.File("rsa.der"), null, _dir.File("ec-sec1.key"), null));

    [Fact]
    public void Key_of_another_certificate_of_the_same_algorithm()
    {
        OpenSsl.Run(_dir.Path, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "other-rsa.key");
        KsefAssert.Fails(ErrorIds.CertificateKeyMismatch, () => CertificateFileReader.Read(_dir.File("rsa.crt"), null, _dir.File("other-rsa.key"), null));
    }

    [Fact]
    public void Random_bytes()
    {
        File.WriteAllBytes(_dir.File("random.bin"), RandomNumberGenerator.GetBytes(2048));
        KsefAssert.Fails(ErrorIds.CertificateFormatUnknown, () => CertificateFileReader.Read(_dir.File("random.bin"), null, null, null));
    }

    [Fact]
    public void Missing_path() =>
        KsefAssert.Fails(ErrorIds.CertificateFileNotFound, () => CertificateFileReader.Read(_dir.File("nope.pfx"), null, null, null));

    [Fact]
    public void Directory_as_path() =>
        KsefAssert.Fails(ErrorIds.CertificatePathIsDirectory, () => CertificateFileReader.Read(_dir.Path, null, null, null));
}
