using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
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

    public void Dispose() => _http.Dispose();
}
