using System.Net.Http.Headers;
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

    public sealed record Answer(int Status, string? ContentType, JsonNode? Json, HttpResponseMessage Response);

    public Answer Send(HttpMethod method, string path, string? bearer = null, JsonNode? json = null, string? xml = null,
        bool problemDetails = false, string? rawJson = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
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

    /// <summary>Logs in with a fresh personal test certificate of <paramref name="nip"/>, in its own context; the access token.</summary>
    public string LoginAsOwner(string nip)
    {
        var challenge = Send(HttpMethod.Post, "/v2/auth/challenge").Json!["challenge"]!.GetValue<string>();
        using var signer = TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "Jan", Surname = "Test", Nip = nip });
        var init = Send(HttpMethod.Post, "/v2/auth/xades-signature", xml: XadesSigner.SignEnveloped(
            AuthTokenRequestXml.Build(challenge, ContextIdentifier.Create(ContextIdentifierType.Nip, nip), SubjectIdentifierType.CertificateSubject), signer)).Json!;
        var operation = init["authenticationToken"]!["token"]!.GetValue<string>();
        while (Send(HttpMethod.Get, "/v2/auth/" + init["referenceNumber"], bearer: operation).Json!["status"]!["code"]!.GetValue<int>() == 100)
        {
        }
        return Send(HttpMethod.Post, "/v2/auth/token/redeem", bearer: operation).Json!["accessToken"]!["token"]!.GetValue<string>();
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
