using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Security;

namespace KsefPS.Core.Status;

/// <summary>
/// Asks Latarnia (<c>GET {status}/status</c>, public, no authentication) what KSeF's state is. Never throws for an
/// unreachable or garbled Latarnia: that is status Unknown with the reason, not a failure of KSeF. An address that
/// cannot be called at all is the caller's mistake (UrlInvalid).
/// </summary>
public static class KsefStatusReader
{
    private const int MaxAnswerBytes = 1_000_000;

    public static async Task<KsefStatusReport> ReadAsync(string environment, Uri? statusUrl, TimeSpan timeout, CancellationToken cancellation)
    {
        var now = DateTimeOffset.UtcNow;
        if (statusUrl is null)
        {
            return new KsefStatusReport(environment, null, KsefStatusReport.Unknown, $"No status service is published for {environment}.", [], now);
        }
        ServiceUrl.Require(statusUrl, "the status service's address");
        using var http = new HttpClient { Timeout = timeout };
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(statusUrl, "status"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new KsefStatusReport(environment, statusUrl, KsefStatusReport.Unknown, $"The status service answered HTTP {(int)response.StatusCode}.", [], now);
            }
            var body = await ReadBoundedAsync(response.Content, cancellation).ConfigureAwait(false);
            var json = JsonNode.Parse(body) ?? throw new JsonException("empty answer");
            var status = AnswerValues.Text(json["status"]) is { Length: > 0 } text ? UntrustedText.Quote(text) : KsefStatusReport.Unknown;
            ReadableList<KsefStatusMessage> messages = [.. (json["messages"] as JsonArray ?? []).OfType<JsonObject>().Select(Message)];
            return new KsefStatusReport(environment, statusUrl, status, status == KsefStatusReport.Unknown ? "The answer named no status." : null, messages, now);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException or FormatException
            && !cancellation.IsCancellationRequested)
        {
            var why = e is TaskCanceledException ? $"no answer within {timeout.TotalSeconds:0} s" : e.Message;
            return new KsefStatusReport(environment, statusUrl, KsefStatusReport.Unknown, $"The status service could not be asked: {UntrustedText.Quote(why)}", [], now);
        }
    }

    /// <summary>The answer, refused (FormatException) past <see cref="MaxAnswerBytes"/>: an untrusted service does not fill memory.</summary>
    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellation)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellation).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxAnswerBytes)
            {
                throw new FormatException($"the answer is longer than {MaxAnswerBytes} bytes");
            }
        }
        return buffer.ToArray();
    }

    private static KsefStatusMessage Message(JsonObject item) => new(
        Text(item["id"]) ?? "",
        item["eventId"] is JsonValue e && e.TryGetValue<int>(out var eventId) ? eventId : 0,
        Text(item["category"]) ?? "",
        Text(item["type"]) ?? "",
        Text(item["title"], 200) ?? "",
        Text(item["text"], 2000) ?? "",
        AnswerValues.Date(item["start"]),
        AnswerValues.Date(item["end"]),
        AnswerValues.Date(item["published"]));

    private static string? Text(JsonNode? node, int limit = 64) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? new string(text.Take(limit).Select(c => char.IsControl(c) && c != '\n' ? '?' : c).ToArray())
        : node is JsonValue number ? number.ToJsonString() : null;
}
