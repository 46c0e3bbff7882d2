using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KsefPS.Emulator.Infrastructure;

/// <summary>
/// Per-second, per-minute and per-hour sliding windows per (group, context, client IP), as KSeF counts them (BRIEF §10.1;
/// in the "other" group per endpoint), with production's thresholds by default. A request over any threshold gets 429
/// with the Retry-After that lets it fit.
/// TEST's /testdata/rate-limits endpoints change the thresholds of the caller's context; GET /v2/rate-limits reports them.
/// </summary>
public sealed class RateLimiter(EmulatorOptions options, Jwt jwt)
{
    public sealed record Limits(int PerSecond, int PerMinute, int PerHour);

    public static readonly IReadOnlyDictionary<string, Limits> Production = new Dictionary<string, Limits>
    {
        ["onlineSession"] = new(10, 30, 120),
        ["batchSession"] = new(10, 20, 60),
        ["invoiceSend"] = new(10, 30, 180),
        ["invoiceStatus"] = new(30, 120, 1200),
        ["sessionList"] = new(5, 10, 60),
        ["sessionInvoiceList"] = new(10, 20, 200),
        ["sessionMisc"] = new(10, 120, 1200),
        ["invoiceMetadata"] = new(8, 16, 20),
        ["invoiceExport"] = new(8, 16, 20),
        ["invoiceExportStatus"] = new(10, 60, 600),
        ["invoiceDownload"] = new(8, 16, 64),
        ["other"] = new(10, 30, 120),
    };

    /// <summary>Authentication and the Peppol provider list: 60 a second, no other window, not changed by /testdata/rate-limits.</summary>
    private static readonly Limits SixtyASecond = new(60, int.MaxValue, int.MaxValue);
    private static readonly Limits Unlimited = new(int.MaxValue, int.MaxValue, int.MaxValue);

    // Regular expressions on the path, first match wins; a reference number is one segment ([^/]+).
    private static readonly (Regex Path, string Group)[] Groups =
    [
        (Rule("^/v2/auth/sessions"), "other"),
        (Rule("^/v2/(auth|security)/"), "auth"),
        (Rule("^/v2/testdata/"), "testdata"),
        (Rule("^/v2/peppol/"), "peppol"),
        (Rule("^/v2/sessions/online/[^/]+/invoices$"), "invoiceSend"),
        (Rule("^/v2/sessions/(online|online/[^/]+/close)$"), "onlineSession"),
        (Rule("^/v2/sessions/(batch|batch/[^/]+/close)$"), "batchSession"),
        (Rule("^/v2/sessions/[^/]+/invoices(/failed)?$"), "sessionInvoiceList"),
        (Rule("^/v2/sessions/[^/]+/invoices/[^/]+$"), "invoiceStatus"),
        (Rule("^/v2/sessions$"), "sessionList"),
        (Rule("^/v2/sessions/"), "sessionMisc"),
        (Rule("^/v2/invoices/query/metadata$"), "invoiceMetadata"),
        (Rule("^/v2/invoices/exports/"), "invoiceExportStatus"),
        (Rule("^/v2/invoices/exports$"), "invoiceExport"),
        (Rule("^/v2/invoices/ksef/"), "invoiceDownload"),
        (Rule("^/v2/"), "other"),
    ];

    private readonly Dictionary<string, Queue<DateTimeOffset>> _windows = [];
    private readonly ConcurrentDictionary<string, (int Admitted, int Refused)> _counts = new();
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, Limits>> _byContext = new(StringComparer.Ordinal);

    private static Regex Rule(string pattern) => new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>What GET /v2/rate-limits reports: the thresholds in force for a context (no limit at all when limits are off).</summary>
    public JsonObject Effective(string context) => new(For(context).Select(l =>
    {
        var limits = options.RateLimits ? l.Value : Unlimited;
        return KeyValuePair.Create(l.Key, (JsonNode?)new JsonObject
        {
            ["perSecond"] = limits.PerSecond,
            ["perMinute"] = limits.PerMinute,
            ["perHour"] = limits.PerHour,
        });
    }));

    /// <summary>The context's thresholds from now on; null goes back to the defaults (production's).</summary>
    public void Set(string context, IReadOnlyDictionary<string, Limits>? limits)
    {
        if (limits is null)
        {
            _byContext.TryRemove(context, out _);
        }
        else
        {
            _byContext[context] = limits;
        }
    }

    private IReadOnlyDictionary<string, Limits> For(string context) => _byContext.GetValueOrDefault(context, Production);

    /// <summary>Requests admitted and refused (429) per group since start: what a benchmark reports.</summary>
    public JsonObject Counts() => new(_counts.OrderBy(c => c.Key).Select(c =>
        KeyValuePair.Create(c.Key, (JsonNode?)new JsonObject { ["admitted"] = c.Value.Admitted, ["refused"] = c.Value.Refused })));

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "";
        var group = Groups.FirstOrDefault(g => g.Path.IsMatch(path)).Group;
        if (group is null or "testdata")
        {
            await next(context);
            return;
        }
        // The context comes from the access token (unauthenticated requests count per IP alone).
        var claims = jwt.Validate(KsefPS.Emulator.Auth.AuthEndpoints.Bearer(context));
        var counted = ContextOf(claims);
        var limits = group is "auth" or "peppol" ? SixtyASecond : For(counted).GetValueOrDefault(group, Production["other"]);
        var counter = group == "other" ? $"other {Endpoint(context.Request.Method, path)}" : group;
        var (retryAfter, exceeded) = options.RateLimits ? Admit($"{counter}|{counted}|{context.Connection.RemoteIpAddress}", limits) : (0, "");
        _counts.AddOrUpdate(group, _ => retryAfter > 0 ? (0, 1) : (1, 0), (_, c) => retryAfter > 0 ? (c.Admitted, c.Refused + 1) : (c.Admitted + 1, c.Refused));
        if (retryAfter > 0)
        {
            // KSeF's wording (the official Java client's 429 test: "Przekroczono limit 8 żądań na sekundę. Spróbuj ponownie po …")
            await Errors.WriteTooManyRequests(context, retryAfter, $"Przekroczono limit {exceeded}. Spróbuj ponownie po {retryAfter} sekundach.");
            return;
        }
        await next(context);
    }

    /// <summary>
    /// The operation a request of the "other" group is counted under: limity-api.md gives each such endpoint a counter of
    /// its own ("Każdy taki endpoint posiada własny licznik limitów"). A segment with a digit is a reference number, id
    /// or serial in the route's template; KSeF's fixed segments have none.
    /// </summary>
    private static string Endpoint(string method, string path) =>
        method + " " + string.Join('/', path.Split('/').Select(segment => segment.Any(char.IsAsciiDigit) && segment != "v2" ? "{}" : segment));

    /// <summary>The context an access token's claims name, as the limits are kept ("-" without one).</summary>
    public static string ContextOf(JsonObject? claims) =>
        claims?["cit"] is { } type && claims["civ"] is { } value ? $"{type}:{value}" : "-";

    /// <summary>
    /// 0 when admitted; otherwise the whole seconds until the request would fit every window, and the limit that holds it
    /// back longest ("8 żądań na sekundę").
    /// </summary>
    private (int RetryAfter, string Exceeded) Admit(string key, Limits limits)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_windows)
        {
            if (!_windows.TryGetValue(key, out var times))
            {
                _windows[key] = times = new Queue<DateTimeOffset>();
            }
            while (times.Count > 0 && now - times.Peek() >= TimeSpan.FromHours(1))
            {
                times.Dequeue();
            }
            var wait = TimeSpan.Zero;
            var exceeded = "";
            foreach (var (window, limit, unit) in new[]
                     {
                         (TimeSpan.FromSeconds(1), limits.PerSecond, "sekundę"), (TimeSpan.FromMinutes(1), limits.PerMinute, "minutę"),
                         (TimeSpan.FromHours(1), limits.PerHour, "godzinę"),
                     })
            {
                var inWindow = times.Where(t => now - t < window).ToList();
                if (inWindow.Count >= limit)
                {
                    var until = inWindow[inWindow.Count - limit] + window - now;
                    if (until > wait)
                    {
                        (wait, exceeded) = (until, $"{limit} żądań na {unit}");
                    }
                }
            }
            if (wait > TimeSpan.Zero)
            {
                return (Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)), exceeded);
            }
            times.Enqueue(now);
            return (0, "");
        }
    }
}
