using System.Text.Json.Nodes;

namespace KsefPS.Emulator.Infrastructure;

/// <summary>
/// KSeF's error bodies (BRIEF §10.2): 400 as the legacy ExceptionResponse, or as problem+json when the request asks
/// with X-Error-Format: problem-details; 401/403/410 always problem+json; 429 with Retry-After.
/// </summary>
public static class Errors
{
    /// <summary>21405, KSeF's answer to a request that does not pass its input validation, with what was wrong.</summary>
    public static IResult InvalidInput(HttpContext context, params string[] details) =>
        BadRequest(context, InvalidInputCode, InvalidInputDescription, details);

    public const int InvalidInputCode = 21405;
    public const string InvalidInputDescription = "Błąd walidacji danych wejściowych.";

    public static IResult BadRequest(HttpContext context, int code, string description, params string[] details)
    {
        var now = DateTimeOffset.UtcNow.ToString("O");
        if (WantsProblemDetails(context))
        {
            var problem = new JsonObject
            {
                ["title"] = "Bad Request",
                ["status"] = 400,
                ["instance"] = context.Request.Path.Value,
                ["detail"] = "Żądanie jest nieprawidłowe.", // KSeF's words; what was wrong is in errors
                ["errors"] = new JsonArray(new JsonObject
                {
                    ["code"] = code,
                    ["description"] = description,
                    ["details"] = new JsonArray(details.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray()),
                }),
                ["timestamp"] = now,
                ["traceId"] = context.TraceIdentifier,
            };
            return Results.Content(problem.ToJsonString(), "application/problem+json", statusCode: 400);
        }
        var body = new JsonObject
        {
            ["exception"] = new JsonObject
            {
                ["exceptionDetailList"] = new JsonArray(new JsonObject
                {
                    ["exceptionCode"] = code,
                    ["exceptionDescription"] = description,
                    ["details"] = new JsonArray(details.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray()),
                }),
                ["referenceNumber"] = Guid.NewGuid().ToString(),
                ["serviceCode"] = context.TraceIdentifier,
                ["serviceCtx"] = "emulator",
                ["serviceName"] = "KsefPS.Emulator",
                ["timestamp"] = now,
            },
        };
        return Results.Content(body.ToJsonString(), "application/json", statusCode: 400);
    }

    /// <summary>401 in KSeF's words, whatever was wrong with the token (the official Java client's test reads them).</summary>
    public static IResult Unauthorized(HttpContext context) => Problem(context, 401, "Unauthorized", "Wymagane jest uwierzytelnienie.");

    public static IResult Forbidden(HttpContext context, string detail, string reasonCode, JsonObject? security = null) =>
        Problem(context, 403, "Forbidden", detail, security is null
            ? new JsonObject { ["reasonCode"] = reasonCode }
            : new JsonObject { ["reasonCode"] = reasonCode, ["security"] = security });

    public static IResult Gone(HttpContext context, string detail) => Problem(context, 410, "Gone", detail);

    public static IResult Problem(HttpContext context, int status, string title, string detail, JsonObject? extra = null)
    {
        var problem = new JsonObject
        {
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["instance"] = context.Request.Path.Value,
            ["traceId"] = context.TraceIdentifier,
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        };
        foreach (var (key, value) in extra ?? [])
        {
            problem[key] = value?.DeepClone();
        }
        return Results.Content(problem.ToJsonString(), "application/problem+json", statusCode: status);
    }

    public static async Task WriteTooManyRequests(HttpContext context, int retryAfterSeconds, string detail)
    {
        context.Response.StatusCode = 429;
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        JsonObject body = WantsProblemDetails(context)
            ? new JsonObject { ["title"] = "Too Many Requests", ["status"] = 429, ["instance"] = context.Request.Path.Value, ["detail"] = detail, ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"), ["traceId"] = context.TraceIdentifier }
            : new JsonObject { ["status"] = new JsonObject { ["code"] = 429, ["description"] = "Too Many Requests", ["details"] = new JsonArray(detail) } };
        context.Response.ContentType = WantsProblemDetails(context) ? "application/problem+json" : "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static bool WantsProblemDetails(HttpContext context) =>
        string.Equals(context.Request.Headers["X-Error-Format"], "problem-details", StringComparison.OrdinalIgnoreCase);
}
