using System.Text.Json.Nodes;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Status;

/// <summary>
/// Latarnia, KSeF's public status service (UPDATES.md): <c>GET /status</c> and <c>GET /messages</c>, no authentication.
/// Served from the emulator's own host; <c>POST /emulator/latarnia</c> (not KSeF) sets what it says.
/// </summary>
public sealed class LatarniaEndpoints(LatarniaState state)
{
    private static readonly HashSet<string> Statuses = ["AVAILABLE", "MAINTENANCE", "FAILURE", "TOTAL_FAILURE"];

    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<LatarniaEndpoints>(app.Services);
        app.MapGet("/status", endpoints.Status);
        app.MapGet("/messages", endpoints.Messages);
        app.MapPost("/emulator/latarnia", endpoints.Announce);
    }

    private IResult Status(HttpContext http)
    {
        if (Refuse(http))
        {
            return Results.Empty;
        }
        lock (state)
        {
            return Results.Json(new JsonObject { ["status"] = state.Status, ["messages"] = Copy() });
        }
    }

    private IResult Messages(HttpContext http)
    {
        if (Refuse(http))
        {
            return Results.Empty;
        }
        lock (state)
        {
            return Results.Json(Copy());
        }
    }

    /// <summary>
    /// {status?, unreachable?, ksefDown?, message?: {category, type, title, text, start, end?, eventId?}, clear?}: sets the
    /// status (KSeF's API goes down with anything but AVAILABLE unless ksefDown says otherwise), adds a message (numbered
    /// and published now), or makes Latarnia drop every connection.
    /// </summary>
    private IResult Announce(HttpContext http, JsonObject request)
    {
        lock (state)
        {
            if (request.Get("status") is { } status)
            {
                if (!Statuses.Contains(status))
                {
                    return Errors.InvalidInput(http, "status is AVAILABLE, MAINTENANCE, FAILURE or TOTAL_FAILURE.");
                }
                state.Status = status;
                state.KsefDown = status != "AVAILABLE";
            }
            if (request.Property("ksefDown") is JsonValue down && down.TryGetValue<bool>(out var isDown))
            {
                state.KsefDown = isDown;
            }
            if (request.Property("unreachable") is JsonValue unreachable && unreachable.TryGetValue<bool>(out var off))
            {
                state.Unreachable = off;
            }
            if (request.Property("clear") is JsonValue clear && clear.TryGetValue<bool>(out var wipe) && wipe)
            {
                state.Messages.Clear();
            }
            if (request.GetObject("message") is { } message)
            {
                var id = state.Messages.Count + 1;
                state.Messages.Add(new JsonObject
                {
                    ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["eventId"] = message.Property("eventId") is JsonValue e && e.TryGetValue<int>(out var eventId) ? eventId : id,
                    ["category"] = message.Get("category") ?? "FAILURE",
                    ["type"] = message.Get("type") ?? "FAILURE_START",
                    ["title"] = message.Get("title") ?? "",
                    ["text"] = message.Get("text") ?? "",
                    ["start"] = message.Get("start") ?? DateTimeOffset.UtcNow.ToString("O"),
                    ["end"] = message.Get("end") is { } end ? end : null,
                    ["version"] = 1,
                    ["published"] = DateTimeOffset.UtcNow.ToString("O"),
                });
            }
        }
        return Results.NoContent();
    }

    /// <summary>
    /// While KSeF is down, its API (and the batch upload storage) answers 503 as an unavailable service does; TEST's
    /// /testdata endpoints stay up so a test can still arrange its data.
    /// </summary>
    public static async Task WhileDown(LatarniaState state, HttpContext context, Func<Task> next)
    {
        var path = context.Request.Path.Value ?? "";
        if (state.KsefDown && (path.StartsWith("/v2/", StringComparison.Ordinal) || path.StartsWith("/storage/", StringComparison.Ordinal))
            && !path.StartsWith("/v2/testdata/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync("{\"status\":{\"code\":503,\"description\":\"KSeF is unavailable (announced in Latarnia).\"}}");
            return;
        }
        await next();
    }

    private JsonArray Copy() => new([.. state.Messages.Select(m => (JsonNode)m.DeepClone())]);

    /// <summary>An unreachable Latarnia drops the connection: the client sees no answer at all.</summary>
    private bool Refuse(HttpContext http)
    {
        if (!state.Unreachable)
        {
            return false;
        }
        http.Abort();
        return true;
    }
}
