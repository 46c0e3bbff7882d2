using System.Text.RegularExpressions;

namespace KsefPS.Emulator.Infrastructure;

/// <summary>
/// Per-second, per-minute and per-hour sliding windows per (group, client IP), as KSeF counts them (BRIEF §10.1).
/// A request over any threshold gets 429 with Retry-After.
/// </summary>
public sealed class RateLimiter(EmulatorOptions options)
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _windows = [];

    // Regular expressions on the path, first match wins; a reference number is one segment ([^/]+).
    private static readonly (Regex Path, string Group, int PerSecond, int PerMinute, int PerHour)[] Groups =
    [
        (Rule("^/v2/auth/sessions"), "other", 10, 30, 120),
        (Rule("^/v2/(auth|security)/"), "auth", 60, int.MaxValue, int.MaxValue),
        (Rule("^/v2/testdata/"), "testdata", int.MaxValue, int.MaxValue, int.MaxValue),
        (Rule("^/v2/sessions/online/[^/]+/invoices$"), "invoiceSend", 10, 30, 180),
        (Rule("^/v2/sessions/(online|online/[^/]+/close)$"), "onlineSession", 10, 30, 120),
        (Rule("^/v2/sessions/batch"), "batchSession", 10, 20, 60),
        (Rule("^/v2/sessions/[^/]+/invoices(/failed)?$"), "sessionInvoiceList", 10, 20, 200),
        (Rule("^/v2/sessions/[^/]+/invoices/[^/]+$"), "invoiceStatus", 30, 120, 1200),
        (Rule("^/v2/sessions$"), "sessionList", 5, 10, 60),
        (Rule("^/v2/sessions/"), "sessionMisc", 10, 120, 1200),
        (Rule("^/v2/invoices/query/metadata$"), "invoiceMetadata", 8, 16, 20),
        (Rule("^/v2/invoices/exports/"), "invoiceExportStatus", 10, 60, 600),
        (Rule("^/v2/invoices/exports$"), "invoiceExport", 8, 16, 20),
        (Rule("^/v2/invoices/ksef/"), "invoiceDownload", 8, 16, 64),
        (Rule("^/v2/"), "other", 10, 30, 120),
    ];

    private static Regex Rule(string pattern) => new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "";
        var group = Groups.FirstOrDefault(g => g.Path.IsMatch(path));
        if (!options.RateLimits || group.Group is null or "testdata")
        {
            await next(context);
            return;
        }
        var retryAfter = Admit($"{group.Group}|{context.Connection.RemoteIpAddress}", group.PerSecond, group.PerMinute, group.PerHour);
        if (retryAfter > 0)
        {
            await Errors.WriteTooManyRequests(context, retryAfter, $"Limit of the '{group.Group}' group exceeded.");
            return;
        }
        await next(context);
    }

    private int Admit(string key, int perSecond, int perMinute, int perHour)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_windows)
        {
            if (!_windows.TryGetValue(key, out var times))
            {
                _windows[key] = times = new Queue<DateTimeOffset>();
            }
            while (times.Count > 0 && now - times.Peek() > TimeSpan.FromHours(1))
            {
                times.Dequeue();
            }
            var lastSecond = times.Count(t => now - t < TimeSpan.FromSeconds(1));
            var lastMinute = times.Count(t => now - t < TimeSpan.FromMinutes(1));
            if (lastSecond >= perSecond)
            {
                return 1;
            }
            if (lastMinute >= perMinute)
            {
                return 60;
            }
            if (times.Count >= perHour)
            {
                return 3600;
            }
            times.Enqueue(now);
            return 0;
        }
    }
}
