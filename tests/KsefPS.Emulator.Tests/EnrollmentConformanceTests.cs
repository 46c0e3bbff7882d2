using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using KsefPS.Core.Certificates;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Signing;

namespace KsefPS.Emulator.Tests;

/// <summary>/v2/certificates/*: every answer checked against the OpenAPI schemas, and the CSR rules of BRIEF §6.3–6.4.</summary>
public sealed class EnrollmentConformanceTests(ConformanceEmulatorFixture fixture) : IClassFixture<ConformanceEmulatorFixture>
{
    private readonly EmulatorClient _client = new(fixture.Emulator);
    private readonly string _nip = Nip.NewRandom();

    private string Login() => _client.LoginAsOwner(_nip);

    private static string Csr(X500DistinguishedName subject, AsymmetricAlgorithm key) =>
        Convert.ToBase64String(key is RSA rsa
            ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest()
            : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256).CreateSigningRequest());

    private static X500DistinguishedName DataSubject(JsonNode data)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.Add("2.5.4.42", data["givenName"]!.GetValue<string>());
        builder.Add("2.5.4.4", data["surname"]!.GetValue<string>());
        builder.Add("2.5.4.5", data["serialNumber"]!.GetValue<string>(), System.Formats.Asn1.UniversalTagNumber.PrintableString);
        builder.AddCommonName(data["commonName"]!.GetValue<string>());
        builder.AddCountryOrRegion(data["countryName"]!.GetValue<string>());
        return builder.Build();
    }

    private int Code(EmulatorClient.Answer answer) => answer.Json!["exception"]!["exceptionDetailList"]![0]!["exceptionCode"]!.GetValue<int>();

    private string EnrollOffline(string access, JsonNode data)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var accepted = _client.Send(HttpMethod.Post, "/v2/certificates/enrollments", bearer: access, json: new JsonObject
        {
            ["certificateName"] = "Conformance cert",
            ["certificateType"] = "Offline",
            ["csr"] = Csr(DataSubject(data), key),
        });
        Assert.Equal(202, accepted.Status);
        var reference = accepted.Json!["referenceNumber"]!.GetValue<string>();
        JsonNode status;
        do
        {
            status = _client.Send(HttpMethod.Get, "/v2/certificates/enrollments/" + reference, bearer: access).Json!;
        }
        while (status["status"]!["code"]!.GetValue<int>() == 100);
        return status["certificateSerialNumber"]!.GetValue<string>();
    }

    [Fact]
    public void TEST_shortens_a_certificates_validity_never_lengthens_it_and_it_then_reads_expired()
    {
        var access = Login();
        var serial = EnrollOffline(access, _client.Send(HttpMethod.Get, "/v2/certificates/enrollments/data", bearer: access).Json!);
        var ended = DateTimeOffset.UtcNow;
        EmulatorClient.Answer Shorten(string serialNumber, DateTimeOffset validTo) =>
            _client.SendUndocumented(HttpMethod.Put, $"/v2/testdata/certificates/{serialNumber}", access, new JsonObject { ["validTo"] = validTo.ToString("O") });
        Assert.Equal(21405, Shorten(serial, ended.AddYears(5)).ExceptionCode);
        Assert.Equal(21405, Shorten(serial.ToLowerInvariant(), ended).ExceptionCode); // the serial's pattern is ^[0-9A-F]{16}$
        Assert.Equal(25008, Shorten("0123456789ABCDEF", ended).ExceptionCode);
        Assert.Equal(200, Shorten(serial, ended).Status);
        var expired = _client.Send(HttpMethod.Post, "/v2/certificates/query", bearer: access, json: new JsonObject { ["status"] = "Expired" }).Json!["certificates"]!.AsArray();
        var shortened = Assert.Single(expired, c => c!["certificateSerialNumber"]!.GetValue<string>() == serial)!;
        Assert.Equal(ended, DateTimeOffset.Parse(shortened["validTo"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Enrollment_round_trip_conforms()
    {
        var access = Login();
        Assert.True(_client.Send(HttpMethod.Get, "/v2/certificates/limits", bearer: access).Json!["canRequest"]!.GetValue<bool>());
        var data = _client.Send(HttpMethod.Get, "/v2/certificates/enrollments/data", bearer: access).Json!;
        Assert.Equal($"TINPL-{_nip}", data["serialNumber"]!.GetValue<string>());

        var serial = EnrollOffline(access, data);

        var retrieved = _client.Send(HttpMethod.Post, "/v2/certificates/retrieve", bearer: access,
            json: new JsonObject { ["certificateSerialNumbers"] = new JsonArray(serial) }).Json!["certificates"]![0]!;
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(retrieved["certificate"]!.GetValue<string>()));
        Assert.Equal(X509KeyUsageFlags.NonRepudiation, certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);

        var listed = _client.Send(HttpMethod.Post, "/v2/certificates/query?pageSize=10&pageOffset=0", bearer: access, json: new JsonObject { ["type"] = "Offline" }).Json!;
        Assert.Contains(listed["certificates"]!.AsArray(), c => c!["certificateSerialNumber"]!.GetValue<string>() == serial && c["status"]!.GetValue<string>() == "Active");
        Assert.False(listed["hasMore"]!.GetValue<bool>());

        Assert.Equal(204, _client.Send(HttpMethod.Post, $"/v2/certificates/{serial}/revoke", bearer: access, json: new JsonObject { ["revocationReason"] = "Superseded" }).Status);
        var again = _client.Send(HttpMethod.Post, $"/v2/certificates/{serial}/revoke", bearer: access, json: new JsonObject());
        Assert.Equal(25009, Code(again));
        var revoked = _client.Send(HttpMethod.Post, "/v2/certificates/query", bearer: access, json: new JsonObject { ["status"] = "Revoked" }).Json!;
        Assert.Contains(revoked["certificates"]!.AsArray(), c => c!["certificateSerialNumber"]!.GetValue<string>() == serial);
    }

    [Fact]
    public void A_CSR_whose_subject_differs_from_the_enrollment_data_is_refused_with_25003()
    {
        var access = Login();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var answer = _client.Send(HttpMethod.Post, "/v2/certificates/enrollments", bearer: access, json: new JsonObject
        {
            ["certificateName"] = "Someone else",
            ["certificateType"] = "Authentication",
            ["csr"] = Csr(new X500DistinguishedName("CN=Someone Else, C=PL"), key),
        });
        Assert.Equal(400, answer.Status);
        Assert.Equal(25003, Code(answer));
    }

    [Theory]
    [InlineData("rsa3072", 25010)]
    [InlineData("p384", 25010)]
    [InlineData("garbage", 25004)]
    public void Wrong_keys_and_broken_CSRs_are_refused(string kind, int code)
    {
        var access = Login();
        var data = _client.Send(HttpMethod.Get, "/v2/certificates/enrollments/data", bearer: access).Json!;
        using AsymmetricAlgorithm key = kind == "rsa3072" ? RSA.Create(3072) : ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var csr = kind == "garbage" ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(200)) : Csr(DataSubject(data), key);
        var answer = _client.Send(HttpMethod.Post, "/v2/certificates/enrollments", bearer: access, json: new JsonObject
        {
            ["certificateName"] = "Refused cert",
            ["certificateType"] = "Authentication",
            ["csr"] = csr,
        });
        Assert.Equal(400, answer.Status);
        Assert.Equal(code, Code(answer));
    }
}
