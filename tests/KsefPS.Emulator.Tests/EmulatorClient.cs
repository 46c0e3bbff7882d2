using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using KsefPS.Core.Api.Auth;
using KsefPS.Core.Certificates;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Signing;
using KsefPS.Testing;

namespace KsefPS.Emulator.Tests;

/// <summary>Raw HTTP to the emulator; every answer with a body is checked against the official OpenAPI schemas.</summary>
public sealed class EmulatorClient(EmulatorProcess emulator) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = emulator.Url };

    public sealed record Answer(int Status, string? ContentType, JsonNode? Json, HttpResponseMessage Response)
    {
        /// <summary>The first exception code of a 400 in KSeF's legacy body.</summary>
        public int ExceptionCode => Json!["exception"]!["exceptionDetailList"]![0]!["exceptionCode"]!.GetValue<int>();
    }

    public Answer Send(HttpMethod method, string path, string? bearer = null, JsonNode? json = null, string? xml = null,
        bool problemDetails = false, string? rawJson = null, string? continuationToken = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        if (continuationToken is not null)
        {
            request.Headers.Add("x-continuation-token", continuationToken);
        }
        if (problemDetails)
        {
            request.Headers.Add("X-Error-Format", "problem-details");
        }
        if (json is not null || rawJson is not null)
        {
            request.Content = new StringContent(rawJson ?? json!.ToJsonString(), Encoding.UTF8, "application/json");
        }
        else if (xml is not null)
        {
            request.Content = new StringContent(xml, new UTF8Encoding(false), "application/xml");
        }
        var response = _http.Send(request);
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        var contentType = response.Content.Headers.ContentType?.MediaType;
        var body = text.Length > 0 ? JsonNode.Parse(text) : null;
        var problems = OpenApiValidator.Instance.Validate(method.Method, path, (int)response.StatusCode, contentType ?? "application/json", body);
        Assert.True(problems.Count == 0, $"{method} {path} → {(int)response.StatusCode} does not match the OpenAPI schema:\n{string.Join("\n", problems)}\n{text}");
        return new Answer((int)response.StatusCode, contentType, body, response);
    }

    /// <summary>
    /// An endpoint KSeF added after the 2.6.0 OpenAPI document (UPDATES.md), so there is no schema here to check its
    /// answer against: the answer as it came.
    /// </summary>
    public Answer SendUndocumented(HttpMethod method, string path, string bearer, JsonNode json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        var response = _http.Send(request);
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    /// <summary>Starts a permission operation (a grant or a revocation, which KSeF settles later) and waits for its final status.</summary>
    public JsonNode RunOperation(HttpMethod method, string path, string bearer, JsonNode? body = null)
    {
        var started = Send(method, path, bearer, body);
        Assert.True(started.Status == 202, started.Json?.ToJsonString());
        var reference = started.Json!["referenceNumber"]!.GetValue<string>();
        while (true)
        {
            var status = Send(HttpMethod.Get, "/v2/permissions/operations/" + reference, bearer);
            Assert.Equal(200, status.Status);
            if (status.Json!["status"]!["code"]!.GetValue<int>() != 100)
            {
                return status.Json["status"]!;
            }
        }
    }

    /// <summary>
    /// From the context of <paramref name="bearer"/>, authorizes the entity or Peppol provider <paramref name="subjectValue"/>
    /// with <paramref name="permission"/> (SelfInvoicing, RRInvoicing, TaxRepresentative, PefInvoicing) and waits until it holds.
    /// </summary>
    public void Authorize(string bearer, string subjectType, string subjectValue, string permission, string fullName)
    {
        var status = RunOperation(HttpMethod.Post, "/v2/permissions/authorizations/grants", bearer, new JsonObject
        {
            ["subjectIdentifier"] = new JsonObject { ["type"] = subjectType, ["value"] = subjectValue },
            ["permission"] = permission,
            ["description"] = permission + " dla " + fullName,
            ["subjectDetails"] = new JsonObject { ["fullName"] = fullName },
        });
        Assert.Equal(200, status["code"]!.GetValue<int>());
    }

    /// <summary>Logs in with a fresh personal test certificate of <paramref name="nip"/>, in its own context; the access token.</summary>
    public string LoginAsOwner(string nip) =>
        Login(new TestCertificateRequest { GivenName = "Jan", Surname = "Test", Nip = nip }, nip).AccessToken
        ?? throw new InvalidOperationException("The owner could not log in.");

    public sealed record Authentication(int Code, string? AccessToken, string? RefreshToken);

    /// <summary>
    /// Authenticates with a fresh test certificate made from <paramref name="who"/> in the context <paramref name="contextNip"/>:
    /// the final status code, and the tokens when it is 200.
    /// </summary>
    public Authentication Login(TestCertificateRequest who, string contextNip, SubjectIdentifierType subjectType = SubjectIdentifierType.CertificateSubject)
    {
        using var signer = TestCertificateFactory.Create(who);
        return Login(signer, contextNip, subjectType);
    }

    public Authentication Login(KeyedCertificate signer, string contextNip, SubjectIdentifierType subjectType = SubjectIdentifierType.CertificateSubject)
    {
        var challenge = Send(HttpMethod.Post, "/v2/auth/challenge").Json!["challenge"]!.GetValue<string>();
        var init = Send(HttpMethod.Post, "/v2/auth/xades-signature", xml: XadesSigner.SignEnveloped(
            AuthTokenRequestXml.Build(challenge, ContextOf(contextNip), subjectType), signer)).Json!;
        return Finish(init);
    }

    /// <summary>Authenticates with a KSeF token in the context <paramref name="contextNip"/>: the final status code, and the tokens when it is 200.</summary>
    public Authentication LoginWithToken(string token, string contextNip)
    {
        var challenge = Send(HttpMethod.Post, "/v2/auth/challenge").Json!;
        var (encrypted, keyId) = EncryptToken(token, challenge["timestampMs"]!.GetValue<long>());
        var init = Send(HttpMethod.Post, "/v2/auth/ksef-token", json: new JsonObject
        {
            ["challenge"] = challenge["challenge"]!.GetValue<string>(),
            ["contextIdentifier"] = new JsonObject { ["type"] = "Nip", ["value"] = contextNip },
            ["encryptedToken"] = encrypted,
            ["publicKeyId"] = keyId,
        });
        Assert.Equal(202, init.Status);
        return Finish(init.Json!);
    }

    /// <summary><c>token|timestampMs</c> under KSeF's published KsefTokenEncryption key (RSA-OAEP-SHA256), in Base64, and that key's id.</summary>
    public (string Encrypted, string PublicKeyId) EncryptToken(string token, long timestampMs)
    {
        var key = Send(HttpMethod.Get, "/v2/security/public-key-certificates").Json!.AsArray()
            .First(k => k!["usage"]!.AsArray().Any(u => u!.GetValue<string>() == "KsefTokenEncryption"))!;
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(key["certificate"]!.GetValue<string>()));
        using var rsa = certificate.GetRSAPublicKey()!;
        var encrypted = rsa.Encrypt(Encoding.UTF8.GetBytes($"{token}|{timestampMs}"), RSAEncryptionPadding.OaepSHA256);
        return (Convert.ToBase64String(encrypted), key["publicKeyId"]!.GetValue<string>());
    }

    /// <summary>Waits for a started authentication to end; redeems its tokens when it ended in 200.</summary>
    /// <summary>Waits for an authentication KSeF took (its 202 answer) to end: the final status code, and the tokens when it is 200.</summary>
    public Authentication Finish(JsonNode init)
    {
        var operation = init["authenticationToken"]!["token"]!.GetValue<string>();
        int code;
        while ((code = Send(HttpMethod.Get, "/v2/auth/" + init["referenceNumber"], bearer: operation).Json!["status"]!["code"]!.GetValue<int>()) == 100)
        {
        }
        if (code != 200)
        {
            return new Authentication(code, null, null);
        }
        var tokens = Send(HttpMethod.Post, "/v2/auth/token/redeem", bearer: operation).Json!;
        return new Authentication(code, tokens["accessToken"]!["token"]!.GetValue<string>(), tokens["refreshToken"]!["token"]!.GetValue<string>());
    }

    /// <summary>A NIP, an internal identifier (NIP-5 digits), a Peppol id or a composite NIP-VAT UE context.</summary>
    private static ContextIdentifier ContextOf(string value) => value.Length == 10
        ? ContextIdentifier.Create(ContextIdentifierType.Nip, value)
        : value.Length == 16 && value[11..].All(char.IsAsciiDigit)
            ? ContextIdentifier.Create(ContextIdentifierType.InternalId, value)
            : PeppolId.IsValid(value)
                ? ContextIdentifier.Create(ContextIdentifierType.PeppolId, value)
                : ContextIdentifier.Create(ContextIdentifierType.NipVatUe, value);

    /// <summary>
    /// The <c>encryption</c> of a session or an export: the AES key wrapped with RSA-OAEP-SHA256 for KSeF's published
    /// SymmetricKeyEncryption key, the IV, and that key's id.
    /// </summary>
    public JsonObject Encryption(byte[] key, byte[] iv)
    {
        var keys = Send(HttpMethod.Get, "/v2/security/public-key-certificates").Json!.AsArray()
            .First(k => k!["usage"]!.AsArray().Any(u => u!.GetValue<string>() == "SymmetricKeyEncryption"))!;
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(keys["certificate"]!.GetValue<string>()));
        using var rsa = certificate.GetRSAPublicKey()!;
        return new JsonObject
        {
            ["encryptedSymmetricKey"] = Convert.ToBase64String(rsa.Encrypt(key, RSAEncryptionPadding.OaepSHA256)),
            ["initializationVector"] = Convert.ToBase64String(iv),
            ["publicKeyId"] = keys["publicKeyId"]!.GetValue<string>(),
        };
    }

    /// <summary>The raw answer of a request whose body is not JSON (an invoice, a UPO).</summary>
    public HttpResponseMessage Raw(string path, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return _http.Send(request);
    }

    public void Dispose() => _http.Dispose();
}
