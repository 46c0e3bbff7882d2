using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Api;

/// <summary>
/// HTTP to one KSeF API base (DESIGN §5): honours Retry-After on 429 up to <see cref="KsefApiOptions.MaxRetryWait"/>,
/// retries idempotent requests on 5xx, timeouts and lost connections with jittered back-off, never retries a
/// non-idempotent request that may have reached the server, and turns refusals into KsefExceptions carrying KSeF's
/// codes. The trace callback never sees a header or a body.
/// </summary>
public sealed class KsefHttpClient
{
    private static readonly HttpClient Shared = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Uri _apiBase;
    private readonly Action<string>? _trace;

    public KsefHttpClient(Uri apiUrl, KsefApiOptions options, Action<string>? trace = null)
    {
        _apiBase = new Uri(ServiceUrl.Require(apiUrl, "KSeF's API address").AbsoluteUri.TrimEnd('/') + "/v2/");
        Options = options;
        _trace = trace;
    }

    public KsefApiOptions Options { get; }

    public Uri ApiBase => _apiBase;

    public Task<JsonNode?> SendAsync(HttpMethod method, string route, CancellationToken cancellation,
        string? bearer = null, JsonNode? json = null, string? xml = null, bool idempotent = false, string? continuationToken = null) =>
        SendCoreAsync(method, route, bearer, json, xml, idempotent, "application/json", ReadJson, cancellation, continuationToken);

    /// <summary>
    /// A GET whose JSON answer is deserialized into <typeparamref name="T"/> straight from the network stream: a large page
    /// (1,000 invoice statuses) is never held whole as bytes, text or a DOM.
    /// </summary>
    public Task<T> GetJsonAsync<T>(string route, CancellationToken cancellation, string? bearer = null, string? continuationToken = null) =>
        SendCoreAsync(HttpMethod.Get, route, bearer, null, null, idempotent: true, "application/json", async (response, cancel) =>
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
            return (await JsonSerializer.DeserializeAsync<T>(body, Json, cancel).ConfigureAwait(false))!;
        }, cancellation, continuationToken, streamed: true);

    /// <summary>A GET of a document (an invoice, a UPO) with the hash KSeF declares for it in x-ms-meta-hash.</summary>
    public Task<Download> DownloadAsync(string route, CancellationToken cancellation, string? bearer = null) =>
        SendCoreAsync(HttpMethod.Get, route, bearer, null, null, idempotent: true, "application/xml", ReadDocument, cancellation);

    public sealed record Download(byte[] Content, string? DeclaredHash);

    /// <summary>
    /// A pre-signed storage link from KSeF's answer, or null when it is not one: absolute, http(s), no user info; plain
    /// http only when the API itself is plain http (a local emulator).
    /// </summary>
    public Uri? StorageLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length == 0
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp && _apiBase.Scheme == Uri.UriSchemeHttp)
            ? uri : null;

    /// <summary>
    /// A GET whose body is streamed into <paramref name="destination"/> (a large export part), never held in memory; a
    /// repeated attempt starts the destination over.
    /// </summary>
    public Task<bool> DownloadToAsync(string route, Stream destination, CancellationToken cancellation) =>
        SendCoreAsync(HttpMethod.Get, route, null, null, null, idempotent: true, "application/octet-stream", async (response, cancel) =>
        {
            destination.SetLength(0);
            await response.Content.CopyToAsync(destination, cancel).ConfigureAwait(false);
            return true;
        }, cancellation, streamed: true);

    /// <summary>
    /// Uploads a batch part to a pre-signed storage URL (BRIEF §7.7) with exactly the method and headers KSeF gave and
    /// no Authorization header. Storage takes the same part again, so lost connections and 5xx are retried with a fresh
    /// stream from <paramref name="openContent"/>. Not rate-limited by KSeF.
    /// </summary>
    public async Task UploadAsync(Uri url, HttpMethod method, IReadOnlyDictionary<string, string> headers, Func<Stream> openContent, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Content = new StreamContent(openContent());
            foreach (var (name, value) in headers)
            {
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    request.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }
            var where = $"{method} {url.Host}{url.AbsolutePath}"; // never the query: it carries the signature
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(Options.RequestTimeout * 5);
            try
            {
                using var response = await Shared.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                _trace?.Invoke($"{where} → {status}");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
                if (status < 500 || attempt >= Options.MaxAttempts)
                {
                    throw new KsefException(ErrorIds.BatchUploadFailed, status == 403 ? KsefErrorKind.PermissionDenied : KsefErrorKind.ResourceUnavailable,
                        $"Storage refused the batch part {where}: HTTP {status}" + (status == 403 ? " (the upload window has closed)." : "."), url.AbsolutePath)
                    { Server = new KsefServerError(status, [], null, null, null) };
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellation.IsCancellationRequested)
            {
                _trace?.Invoke($"{where}: {e.Message}");
                if (attempt >= Options.MaxAttempts)
                {
                    throw new KsefException(ErrorIds.BatchUploadFailed, KsefErrorKind.ResourceUnavailable,
                        $"The batch part {where} could not be uploaded: {e.Message}. Gave up after {attempt} attempts.", url.AbsolutePath, e);
                }
            }
            await Backoff(attempt, cancellation).ConfigureAwait(false);
        }
    }

    private static async Task<JsonNode?> ReadJson(HttpResponseMessage response, CancellationToken cancellation)
    {
        // Parsed from the buffered body, not through a string: a page of 1,000 invoice statuses would otherwise make
        // two large-object-heap copies per page.
        var body = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        return body.Length == 0 ? null : await JsonNode.ParseAsync(body, cancellationToken: cancellation).ConfigureAwait(false);
    }

    /// <summary>The same scheme, host and port as the API, and a path under its /v2/ (no "..", no other version).</summary>
    private bool IsInApi(Uri target) =>
        target.Scheme == _apiBase.Scheme && target.IdnHost == _apiBase.IdnHost && target.Port == _apiBase.Port && target.UserInfo.Length == 0
        && target.AbsolutePath.StartsWith(_apiBase.AbsolutePath, StringComparison.Ordinal);

    private static async Task<Download> ReadDocument(HttpResponseMessage response, CancellationToken cancellation) =>
        new(await response.Content.ReadAsByteArrayAsync(cancellation).ConfigureAwait(false),
            response.Headers.TryGetValues("x-ms-meta-hash", out var values) ? values.FirstOrDefault() : null);

    private async Task<T> SendCoreAsync<T>(HttpMethod method, string route, string? bearer, JsonNode? json, string? xml,
        bool idempotent, string accept, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellation,
        string? continuationToken = null, bool streamed = false)
    {
        // A route may be absolute: KSeF's pre-signed download links are fetched without the token. A token goes to the
        // API and nowhere else, whatever route an answer or a caller makes up.
        var target = new Uri(_apiBase, route);
        if (bearer is not null && !IsInApi(target))
        {
            throw new KsefException(ErrorIds.KsefAnswerInvalid, KsefErrorKind.InvalidData,
                $"A request with the access token was to go to {target.GetLeftPart(UriPartial.Path)}, outside KSeF's API at {_apiBase}; it was not sent.",
                target.GetLeftPart(UriPartial.Authority));
        }
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, target);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            request.Headers.Add("X-Error-Format", "problem-details");
            if (continuationToken is not null)
            {
                request.Headers.Add("x-continuation-token", continuationToken);
            }
            if (bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }
            if (json is not null)
            {
                request.Content = new StringContent(json.ToJsonString(Json), Encoding.UTF8, "application/json");
            }
            else if (xml is not null)
            {
                request.Content = new StringContent(xml, new UTF8Encoding(false), "application/xml");
            }

            var watch = Stopwatch.StartNew();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(Options.RequestTimeout);
            HttpResponseMessage response;
            try
            {
                response = await Shared.SendAsync(request, streamed ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
                    timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellation.IsCancellationRequested)
            {
                var what = e is TaskCanceledException ? $"no answer within {Options.RequestTimeout.TotalSeconds:0} s" : e.Message;
                _trace?.Invoke($"{method} {route}: {what}");
                // A name that does not resolve will not resolve in a second either: no retries.
                var unknownHost = e is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError };
                if (!idempotent || attempt >= Options.MaxAttempts || unknownHost)
                {
                    throw new KsefException(ErrorIds.KsefUnavailable, KsefErrorKind.ResourceUnavailable,
                        $"KSeF at {_apiBase.Host} could not be reached for {method} {route}: {what}." +
                        (!idempotent ? " The request was not repeated, because it may have been received." : unknownHost ? "" : $" Gave up after {attempt} attempts."),
                        route, e)
                    {
                        RecommendedAction = unknownHost
                            ? $"Check the address: '{_apiBase.Host}' does not resolve. Check -ApiUrl or -Environment, and this machine's DNS."
                            : $"Check -ApiUrl ({_apiBase.GetLeftPart(UriPartial.Authority)}) and that KSeF, or the local emulator, is reachable from here (proxy, firewall).",
                    };
                }
                await Backoff(attempt, cancellation).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                _trace?.Invoke($"{method} {route} → {status} ({watch.ElapsedMilliseconds} ms)");
                SystemWarnings.Raise(response, method, route);
                if (response.IsSuccessStatusCode)
                {
                    try
                    {
                        return await read(response, cancellation).ConfigureAwait(false);
                    }
                    catch (JsonException e)
                    {
                        throw new KsefException(ErrorIds.KsefAnswerInvalid, KsefErrorKind.InvalidData,
                            $"KSeF's answer to {method} {route} is not the JSON the API describes: {e.Message}", route, e);
                    }
                }
                if (status == 429)
                {
                    var wait = RetryAfter(response);
                    if (wait > Options.MaxRetryWait || attempt >= Options.MaxAttempts)
                    {
                        throw new KsefException(ErrorIds.KsefRateLimited, KsefErrorKind.ResourceUnavailable,
                            $"KSeF limits the rate of {method} {route} and asks to wait {wait.TotalSeconds:0} s" +
                            (wait > Options.MaxRetryWait ? $", more than -MaxRetryWait ({Options.MaxRetryWait.TotalSeconds:0} s)." : $"; gave up after {attempt} attempts."),
                            route) { Server = await ReadError(response, cancellation).ConfigureAwait(false) };
                    }
                    _trace?.Invoke($"Rate limited: waiting {wait.TotalSeconds:0.#} s as KSeF asks (Retry-After).");
                    await Task.Delay(wait, cancellation).ConfigureAwait(false);
                    continue;
                }
                if (status >= 500 && idempotent && attempt < Options.MaxAttempts)
                {
                    await Backoff(attempt, cancellation).ConfigureAwait(false);
                    continue;
                }
                throw await ToException(method, route, response, cancellation).ConfigureAwait(false);
            }
        }
    }

    private async Task Backoff(int attempt, CancellationToken cancellation)
    {
        var step = Options.BackoffBase.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var jittered = TimeSpan.FromMilliseconds(Math.Min(step, 10_000) * (0.5 + Random.Shared.NextDouble()));
        _trace?.Invoke($"Retrying in {jittered.TotalMilliseconds:0} ms (attempt {attempt + 1} of {Options.MaxAttempts}).");
        await Task.Delay(jittered, cancellation).ConfigureAwait(false);
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return TimeSpan.FromSeconds(1);
    }

    private async Task<KsefException> ToException(HttpMethod method, string route, HttpResponseMessage response, CancellationToken cancellation)
    {
        var error = await ReadError(response, cancellation).ConfigureAwait(false);
        var (id, kind) = (int)response.StatusCode switch
        {
            401 => (ErrorIds.KsefUnauthorized, KsefErrorKind.AuthenticationError),
            403 => (ErrorIds.KsefForbidden, KsefErrorKind.PermissionDenied),
            410 => (ErrorIds.StatusExpired, KsefErrorKind.ObjectNotFound),
            >= 500 => (ErrorIds.KsefUnavailable, KsefErrorKind.ResourceUnavailable),
            _ => (KsefErrorCodes.ErrorIdFor(error.FirstCode), KsefErrorKind.InvalidOperation),
        };
        var message = id == ErrorIds.StatusExpired
            ? $"KSeF no longer keeps the status of {route}: it expired (KSeF keeps authentication and export statuses 7 days, enrollments and permission operations 30). {error}"
            : $"KSeF refused {method} {route}: {error}";
        return new KsefException(id, kind, message, route) { Server = error };
    }

    private static async Task<KsefServerError> ReadError(HttpResponseMessage response, CancellationToken cancellation)
    {
        var status = (int)response.StatusCode;
        JsonObject? body = null; // an error body of another kind is read as none: the status code still tells what happened
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
            body = text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
        }
        catch (JsonException)
        {
        }
        var entries = new List<KsefErrorEntry>();
        string? reference = null;
        if (body?["exception"] is JsonObject legacy)
        {
            reference = AnswerValues.Text(legacy["referenceNumber"]);
            foreach (var item in AnswerValues.Objects(legacy["exceptionDetailList"]))
            {
                entries.Add(Entry(item["exceptionCode"], item["exceptionDescription"], item["details"]));
            }
        }
        foreach (var item in AnswerValues.Objects(body?["errors"]))
        {
            entries.Add(Entry(item["code"], item["description"], item["details"]));
        }
        if (body?["status"] is JsonObject statusObject && entries.Count == 0)
        {
            entries.Add(Entry(statusObject["code"], statusObject["description"], statusObject["details"]));
        }
        return new KsefServerError(status, entries, reference ?? AnswerValues.Text(body?["traceId"]),
            AnswerValues.Text(body?["reasonCode"]), AnswerValues.Text(body?["detail"]),
            Strings(AnswerValues.At(body, "security", "requiredAnyOfPermissions")), Strings(AnswerValues.At(body, "security", "presentPermissions")));
    }

    private static List<string>? Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(item => item is JsonValue value && value.TryGetValue<string>(out var text) ? Security.UntrustedText.Quote(text) : "").Where(t => t.Length > 0).ToList() : null;

    private static KsefErrorEntry Entry(JsonNode? code, JsonNode? description, JsonNode? details) =>
        new(AnswerValues.Number(code) ?? 0,
            AnswerValues.Text(description) ?? "",
            details is JsonArray array ? array.Select(d => d?.ToString() ?? "").ToList() : []);
}
