using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Offline;

namespace KsefPS.Core.Tests.Offline;

/// <summary>The test vectors of BRIEF §11.1–11.4.</summary>
public class VectorTests
{
    private static readonly Uri QrTest = new("https://qr-test.ksef.mf.gov.pl");

    // The certificate behind the docs' KOD II example (serial 01F20A5D352AE590), as published in the official client's tests.
    private const string DocsCertificate =
        "MIIDYTCCAuagAwIBAgIIAfIKXTUq5ZAwDAYIKoZIzj0EAwQFADBtMQswCQYDVQQGEwJQTDEfMB0GA1UECgwWTWluaXN0ZXJzdHdvIEZpbmFuc8OzdzEnMCUGA1UECwweS3Jham93YSBBZG1pbmlzdHJhY2phIFNrYXJib3dhMRQwEgYDVQQDDAtUSSBDQ0sgS1NlRjAeFw0yNTA3MjkwOTI4MzdaFw0yNzA3MjkwOTI4MzdaMEwxCzAJBgNVBAYTAlBMMRkwFwYDVQRhDBBWQVRQTC01MjY1ODc3NjM1MQ0wCwYDVQQKDARCZXRhMRMwEQYDVQQDDAo1MjY1ODc3NjM1MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArf6b3J8GpbzWx90Xic7zQX4rrSkKgmNu2oaxqp8Y7F+NypawebUD3nyGl3uaaHMg5oR9dwlDxRM3y9QdCwq98HLtGNOoETCtlMRxkjJHQQXMS4Y+3b+L5ot23PBMFibx0syblJvE7i3UhbXoD5BLu9wWxkMHKli7rk+6IOCR64qmee3+PorQbcjJE/K4E5TV3tp7ZPjtreCbfo/M8obICSpjgLVyI8VvgAQqLTWCotzVlT13/QBtVylcGxTJeHXSKeYBzMoUe+YHjFdv/HP0SeGbngEDNZJ+IyxlPvNJsKvzfoPT6xNbKOD6YYKa/TzGqbvlMZADhjgUoDUJHT1J0wIDAQABo4HDMIHAMB8GA1UdIwQYMBaAFLLUPCZi2SvB4S1Svv2oHjU0v3ywMAwGA1UdEwEB/wQCMAAwDgYDVR0PAQH/BAQDAgeAMB0GA1UdDgQWBBScmYgyDr7ZQ8sYeVL5Bx6r5z3ltjA7BgNVHR8ENDAyMDCgLqAshipodHRwczovL3B1ZXNjLmdvdi5wbC9wa2kvY3JsL21ma3NlZnRpMS5jcmwwIwYIKwYBBQUHAQMEFzAVMBMGBgQAjkYBBjAJBgcEAI5GAQYCMAwGCCqGSM49BAMEBQADZwAwZAIwfH0op1zHItXmZIZNnb4bI6iCqvXe9YUiO9YX9zdjOQ0x6iaGoiN1ZPyYMVrWENenAjBe5/LegAjY71zzHz9Qdnw6GbfH+XdQlRNLeYEjqFXevGywZZ4j1p+13HgqLe3ut4E=";

    private const string DocsSignedPart = "qr-test.ksef.mf.gov.pl/certificate/Nip/1111111111/1111111111/01F20A5D352AE590/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE";
    private const string DocsSignature = "mSkm_XmM9fq7PgAJwiL32L9ujhyguOEV48cDB0ncemD2r9TMGa3lr0iRoFk588agCi8QPsOuscUY1rZ7ff76STbGquO-gZtQys5_fHdf2HUfDqPqVTnUS6HknBu0zLkyf9ygoW7WbH06Ty_8BgQTlOmJFzNWSt9WZa7tAGuAE9JOooNps-KG2PYkkIP4q4jPMp3FKypAygHVnXtS0RDGgOxhhM7LWtFP7D-dWINbh5yXD8Lr-JVbeOpyQjHa6WmMYavCDQJ3X_Z-iS01LZu2s1B3xuOykl1h0sLObCdADrbxOONsXrvQa61Xt_rxyprVraj2Uf9pANQgR4-12HEcMw";

    [Fact]
    public void Crc8_check_value() => Assert.Equal(0xF4, KsefNumber.Crc8("123456789"));

    [Theory]
    [InlineData("5265877635-20250826-0100001AF629-AF")]
    [InlineData("5265877635-20250626-010080DD2B5E-26")]
    [InlineData("5555555555-20250828-010080615740-E4")]
    [InlineData("5265877635-20250925-010020A0A242-0A")]
    [InlineData("5265877635-20250916-0200A0D6723E-C2")]
    [InlineData("5265877635-20250729-01004014E040-00")]
    public void Documented_KSeF_numbers_validate_and_a_changed_checksum_fails(string number)
    {
        Assert.True(KsefNumber.IsValid(number));
        var changed = number[..33] + (number[33..] == "FF" ? "FE" : "FF");
        Assert.False(KsefNumber.IsValid(changed));
        Assert.False(KsefNumber.IsValid(number[..34]));
    }

    [Fact]
    public void KOD_I_of_the_docs_byte_for_byte()
    {
        var hash = Base64Url.Decode("UtQp9Gpc51y+u3xApZjIjgkpZ01js+J8KflSPW8WzIE=");
        Assert.Equal("https://qr-test.ksef.mf.gov.pl/invoice/1111111111/01-02-2026/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE",
            VerificationLinks.InvoiceLink(QrTest, "1111111111", new DateOnly(2026, 2, 1), hash));
    }

    [Theory]
    [InlineData("<root>test</root>", "qrs2gCLXnTUy6--AHwHuDxFuCj0BYUGRGtBuGnJwN-c")]
    [InlineData("<data>special & chars /?</data>", "2bEg3cUOcJxR38JekXJxuJphnkn-NUdSP-uyOc0hB6I")]
    public void KOD_I_from_the_client_tests(string content, string expectedHash) =>
        Assert.Equal($"https://qr-test.ksef.mf.gov.pl/invoice/1234567890/05-01-2026/{expectedHash}",
            VerificationLinks.InvoiceLink(QrTest, "1234567890", new DateOnly(2026, 1, 5), SHA256.HashData(Encoding.UTF8.GetBytes(content))));

    [Fact]
    public void The_docs_RSA_KOD_II_signature_verifies_with_our_verifier_and_a_changed_one_does_not()
    {
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(DocsCertificate));
        Assert.Equal("8BF30676AC95EC1B270A8B130A7CDB13FF093F68ACAFE00FCD9EF48C81395371", Convert.ToHexString(SHA256.HashData(certificate.RawData)));
        var url = $"https://{DocsSignedPart}/{DocsSignature}";
        var link = VerificationLinks.ParseCertificateLink(url);
        Assert.Equal(DocsSignedPart, link.SignedPart);
        Assert.Equal("01F20A5D352AE590", link.CertificateSerial);
        Assert.Equal("01F20A5D352AE590", VerificationLinks.SerialOf(certificate));
        Assert.True(VerificationLinks.VerifySignature(link, certificate));

        var tampered = VerificationLinks.ParseCertificateLink(url.Replace("/1111111111/01F2", "/1111111112/01F2", StringComparison.Ordinal));
        Assert.False(VerificationLinks.VerifySignature(tampered, certificate));
    }

    [Fact]
    public void The_EC_KOD_II_vector_verifies_in_both_encodings()
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8IPLwfRF8KQeBhzX3Bx1znF8N/eWv0C30rtljr4ehsVnq1tktp+KUbwyhYkp7M5qPH5DK025PoCPlsxBkJrM4A=="), out _);
        var data = Encoding.UTF8.GetBytes(DocsSignedPart);
        Assert.True(key.VerifyData(data, Base64Url.Decode("Mo16VD0IV8CL6xw7ObeDaBQEfgMHRjLKuIXZfdrpSNsRMK94oU1hlZ4hHD2DDGFB_adqldVhIK85JVVrv4b5qA"),
            HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.True(key.VerifyData(data, Base64Url.Decode("MEQCIDKNelQ9CFfAi-scOzm3g2gUBH4DB0YyyriF2X3a6UjbAiARMK94oU1hlZ4hHD2DDGFB_adqldVhIK85JVVrv4b5qA"),
            HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void Our_signed_part_matches_the_docs_string()
    {
        var hash = Base64Url.Decode("UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE");
        Assert.Equal(DocsSignedPart, VerificationLinks.SignedPart(QrTest, new ContextIdentifier(ContextIdentifierType.Nip, "1111111111"), "1111111111", "01F20A5D352AE590", hash));
    }
}
