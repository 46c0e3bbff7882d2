using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KsefPS.Core.Api.Auth;
using KsefPS.Core.Certificates;
using KsefPS.Core.Certificates.Enrollment;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Pkcs11;
using KsefPS.Core.Signing;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Core.Tests.Pkcs11;

/// <summary>
/// Keys made on SoftHSM2 tokens of this test run, signing there. One class, so tests on a token do not run at once:
/// PKCS#11 login state is shared by everything in the process.
/// </summary>
public sealed class Pkcs11KeyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Pkcs11Pin Pin => new(Secure(SoftHsm.UserPin), null);

    [Theory]
    [InlineData(KeyAlgorithm.Rsa2048, "KsefPS-Rsa")]
    [InlineData(KeyAlgorithm.EcP256, "KsefPS-Ec")]
    public void A_key_made_on_the_token_stays_there_and_signs_what_its_certificate_verifies(KeyAlgorithm algorithm, string tokenLabel)
    {
        var label = "auth-" + Guid.NewGuid().ToString("N")[..8];
        Pkcs11KeyReference reference;
        using (var generated = Pkcs11KeyPairs.Generate(SoftHsm.Library, tokenLabel, null, algorithm, label, Pin))
        {
            using var certificate = TestCertificateFactory.SelfSigned(
                new TestCertificateRequest { GivenName = "Jan", Surname = "Token", Nip = "5265877635", KeyAlgorithm = algorithm }, generated.Key);
            Assert.True(generated.WriteCertificate(certificate));
            reference = generated.Reference;
        }

        using var keyed = Pkcs11Keys.Open(reference, null, Pin, "the test key");
        Assert.False(keyed.Exportable);
        Assert.Equal(algorithm == KeyAlgorithm.Rsa2048 ? "RSA-2048" : "EC-P256", keyed.KeyDescription);
        Assert.ThrowsAny<CryptographicException>(() => keyed.ExportPkcs8());

        var data = Encoding.UTF8.GetBytes("KSeF");
        using (var publicKey = (AsymmetricAlgorithm?)keyed.Certificate.GetRSAPublicKey() ?? keyed.Certificate.GetECDsaPublicKey())
        {
            switch (keyed.PrivateKey, publicKey)
            {
                case (RSA rsa, RSA verifier):
                    Assert.True(verifier.VerifyData(data, rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss), HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
                    Assert.True(verifier.VerifyData(data, rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
                    break;
                case (ECDsa ec, ECDsa verifier):
                    Assert.True(verifier.VerifyData(data, ec.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
                    break;
                default:
                    Assert.Fail("unexpected key types");
                    break;
            }
        }

        File.WriteAllText(_dir.File("signed.xml"), XadesSigner.SignEnveloped(AuthTokenRequestXml.Build("20250514-CR-226FB7B000-3ACF9BE4C0-10",
            ContextIdentifier.Create(ContextIdentifierType.Nip, "5265877635"), SubjectIdentifierType.CertificateSubject, null), keyed));
        var (exit, output) = ExternalTool.Run("xmlsec1", _dir.Path, "--verify", "--insecure",
            "--id-attr:Id", "http://uri.etsi.org/01903/v1.3.2#:SignedProperties", "signed.xml");
        Assert.True(exit == 0, output);

        var (listed, objects) = SoftHsm.Tool(tokenLabel, "--list-objects", "--type", "privkey", "--label", label);
        Assert.True(listed == 0, objects);
        Assert.Contains("never extractable", objects);
        Assert.Contains("always sensitive", objects);
    }

    [Theory]
    [InlineData(KeyAlgorithm.Rsa2048)]
    [InlineData(KeyAlgorithm.EcP256)]
    public void A_certificate_request_signed_on_the_token_verifies_with_openssl(KeyAlgorithm algorithm)
    {
        using var generated = Pkcs11KeyPairs.Generate(SoftHsm.Library, "KsefPS-Enroll", null, algorithm, "csr-" + Guid.NewGuid().ToString("N")[..8], Pin);
        var data = new EnrollmentData("Jan Token", "PL", "Jan", "Token", "TINPL-5265877635", null, null, null);

        var der = CsrBuilder.Sign(data, generated.Key);

        File.WriteAllText(_dir.File("request.pem"), PemEncoding.WriteString("CERTIFICATE REQUEST", der));
        var verified = OpenSsl.Run(_dir.Path, "req", "-in", "request.pem", "-verify", "-noout", "-text");
        Assert.Contains("verify OK", verified, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(algorithm == KeyAlgorithm.Rsa2048 ? "rsassaPss" : "ecdsa-with-SHA256", verified);
    }

    [Fact]
    public void Parallel_signers_share_one_login_and_a_pool_of_sessions()
    {
        var reference = MakeEntry("KsefPS-Pool", KeyAlgorithm.EcP256, out var certificateDer);
        var asked = 0;
        var pin = new Pkcs11Pin(null, _ => { Interlocked.Increment(ref asked); return Secure(SoftHsm.UserPin); });
        using var keyed = Pkcs11Keys.Open(reference, X509CertificateLoader.LoadCertificate(certificateDer), pin, "the pooled key");

        AssertSignInParallel(keyed, threads: 4, each: 50);
        Assert.Equal(1, asked);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public void A_token_that_caps_its_sessions_serves_more_signing_threads_than_it_allows(int cap)
    {
        // cap 2: the login's session and one more, which six threads take turns on; cap 1: the login's session alone.
        var made = MakeEntry("KsefPS-Cap", KeyAlgorithm.EcP256, out var certificateDer);
        var reference = new Pkcs11KeyReference(SoftHsm.SessionCapped(cap, _dir.Path), made.TokenLabel, made.TokenSerial, made.KeyId, made.KeyLabel);
        using var keyed = Pkcs11Keys.Open(reference, X509CertificateLoader.LoadCertificate(certificateDer), Pin, "the capped key");

        AssertSignInParallel(keyed, threads: 6, each: 30);
    }

    /// <summary>Each of <paramref name="threads"/> threads signs <paramref name="each"/> times with a key object of its own, all at once; every signature verifies.</summary>
    private static void AssertSignInParallel(KeyedCertificate keyed, int threads, int each)
    {
        using var verifier = keyed.Certificate.GetECDsaPublicKey()!;
        var results = new bool[threads][];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
        {
            using var key = (ECDsa)keyed.OpenAnother!();
            results[thread] = Enumerable.Range(0, each).Select(i =>
            {
                var data = BitConverter.GetBytes(thread * 1000 + i);
                return verifier.VerifyData(data, key.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256);
            }).ToArray();
        });
        Assert.All(results, r => Assert.All(r, Assert.True));
    }

    [Fact]
    public void A_wrong_PIN_is_PinInvalid_and_no_PIN_where_nobody_can_type_it_is_PinRequired()
    {
        var reference = MakeEntry("KsefPS-Pin", KeyAlgorithm.EcP256, out _);

        var wrong = Assert.Throws<KsefException>(() => Pkcs11Keys.Open(reference, null, new Pkcs11Pin(Secure("0000"), null), "'Seal'"));
        Assert.Equal(ErrorIds.PinInvalid, wrong.ErrorId);
        Assert.Contains("'Seal'", wrong.Message);
        Assert.DoesNotContain("0000", wrong.Message);

        var missing = Assert.Throws<KsefException>(() => Pkcs11Keys.Open(reference, null, new Pkcs11Pin(null, _ => null), "'Seal'"));
        Assert.Equal(ErrorIds.PinRequired, missing.ErrorId);

        using var saved = Pkcs11Keys.Open(reference, null, Pkcs11Pin.None.WithSaved(() => Encoding.UTF8.GetBytes(SoftHsm.UserPin)), "'Seal'");
        Assert.Equal("EC-P256", saved.KeyDescription);
    }

    [Fact]
    public void A_library_token_or_key_that_is_gone_is_KeyUnreachable_naming_the_entry()
    {
        var reference = MakeEntry("KsefPS-Ec", KeyAlgorithm.EcP256, out _);

        var noLibrary = new Pkcs11KeyReference(_dir.File("gone.so"), reference.TokenLabel, null, reference.KeyId, null);
        var noToken = new Pkcs11KeyReference(SoftHsm.Library, "KsefPS-Unplugged", null, reference.KeyId, null);
        var noKey = new Pkcs11KeyReference(SoftHsm.Library, reference.TokenLabel, null, RandomNumberGenerator.GetBytes(16), null);
        foreach (var gone in new[] { noLibrary, noToken, noKey })
        {
            var error = Assert.Throws<KsefException>(() => Pkcs11Keys.Open(gone, null, Pin, "'Seal'"));
            Assert.Equal(ErrorIds.KeyUnreachable, error.ErrorId);
            Assert.Contains("'Seal'", error.Message);
            Assert.False(Pkcs11Keys.IsReachable(gone, "'Seal'") && gone != noKey);
        }
        Assert.True(Pkcs11Keys.IsReachable(reference, "'Seal'"));
    }

    [Fact]
    public void A_key_beside_another_certificate_is_refused()
    {
        var reference = MakeEntry("KsefPS-Rsa", KeyAlgorithm.Rsa2048, out _);
        using var stranger = TestCertificateFactory.Create(new TestCertificateRequest { OrganizationName = "Other", Nip = "5265877635", KeyAlgorithm = KeyAlgorithm.Rsa2048 });

        var error = Assert.Throws<KsefException>(() => Pkcs11Keys.Open(reference, stranger.Certificate, Pin, "'Seal'"));
        Assert.Equal(ErrorIds.CertificateKeyMismatch, error.ErrorId);
    }

    [Fact]
    public void The_inventory_shows_keys_with_their_certificates_and_private_keys_only_after_a_login()
    {
        var reference = MakeEntry("KsefPS-Ec", KeyAlgorithm.EcP256, out var certificateDer);

        var withLogin = Pkcs11Inventory.List(SoftHsm.Library, "KsefPS-Ec", null, Pin).Single(o => o.KeyId == reference.KeyIdHex);
        Assert.Equal(reference.KeyLabel, withLogin.KeyLabel);
        Assert.Equal("EC-P256", withLogin.KeyType);
        Assert.True(withLogin.HasPrivateKey);
        Assert.Equal(certificateDer, withLogin.Certificate!.RawData);
        Assert.Equal("KsefPS-Ec", withLogin.TokenLabel);

        var withoutLogin = Pkcs11Inventory.List(SoftHsm.Library, "KsefPS-Ec", null, null).Single(o => o.KeyId == reference.KeyIdHex);
        Assert.Null(withoutLogin.HasPrivateKey);
        Assert.Equal(certificateDer, withoutLogin.Certificate!.RawData);
    }

    [Fact]
    public void The_reference_is_a_PKCS11_URI_that_reads_back_and_refuses_anything_else()
    {
        var reference = new Pkcs11KeyReference("/opt/hsm/lib pkcs11.so", "Firma; ąę?", "00A1", [0x01, 0xFF], "Pieczęć=1");
        var uri = reference.ToUri();
        Assert.Equal("pkcs11:token=Firma%3B%20%C4%85%C4%99%3F;serial=00A1;id=%01%FF;object=Piecz%C4%99%C4%87%3D1;type=private?module-path=/opt/hsm/lib%20pkcs11.so", uri);
        var back = Pkcs11KeyReference.Parse(uri, "e");
        Assert.Equal((reference.LibraryPath, reference.TokenLabel, reference.TokenSerial, reference.KeyIdHex, reference.KeyLabel),
            (back.LibraryPath, back.TokenLabel, back.TokenSerial, back.KeyIdHex, back.KeyLabel));

        foreach (var altered in new[] { "pkcs11:id=%01?module-path=libsofthsm2.so", "pkcs11:id=%01;pin-value=1234?module-path=/x.so",
            "pkcs11:token=a?module-path=/x.so", "file:///x.so", "pkcs11:id=%0?module-path=/x.so" })
        {
            Assert.Equal(ErrorIds.StoreCorrupt, Assert.Throws<KsefException>(() => Pkcs11KeyReference.Parse(altered, "e")).ErrorId);
        }
        Assert.Equal(ErrorIds.Pkcs11LibraryInvalid, Assert.Throws<KsefException>(() => new Pkcs11KeyReference("libsofthsm2.so", null, null, [1], null)).ErrorId);
        Assert.Equal(ErrorIds.Pkcs11ReferenceInvalid, Assert.Throws<KsefException>(() => new Pkcs11KeyReference("/x.so", null, null, null, " ")).ErrorId);
    }

    /// <summary>A fresh key on the token with a test certificate beside it.</summary>
    private static Pkcs11KeyReference MakeEntry(string tokenLabel, KeyAlgorithm algorithm, out byte[] certificateDer)
    {
        using var generated = Pkcs11KeyPairs.Generate(SoftHsm.Library, tokenLabel, null, algorithm, "key-" + Guid.NewGuid().ToString("N")[..8], Pin);
        using var certificate = TestCertificateFactory.SelfSigned(new TestCertificateRequest { OrganizationName = "Token Org", Nip = "5265877635", KeyAlgorithm = algorithm }, generated.Key);
        Assert.True(generated.WriteCertificate(certificate));
        certificateDer = certificate.RawData;
        return generated.Reference;
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }
        secure.MakeReadOnly();
        return secure;
    }
}
