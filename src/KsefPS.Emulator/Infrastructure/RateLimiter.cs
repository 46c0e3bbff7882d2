namespace KsefPS.Emulator.Infrastructure;

/// <summary>
/// Per-second, per-minute and per-hour sliding windows per (group, client IP), as KSeF counts them (BRIEF §10.1).
/// A request over any threshold gets 429 with Retry-After.
/// </summary>
public sealed class RateLimiter(EmulatorOptions options)
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _windows = [];

    private static readonly (string Prefix, string Group, int PerSecond, int PerMinute, int PerHour)[] Groups =
    [
        ("/v2/auth/sessions", "other", 10, 30, 120),
        ("/v2/auth/", "auth", 60, int.MaxValue, int.MaxValue),
        ("/v2/security/", "auth", 60, int.MaxValue, int.MaxValue),
        ("/v2/testdata/", "testdata", int.MaxValue, int.MaxValue, int.MaxValue),
        ("/v2/", "other", 10, 30, 120),
    ];

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "";
        var group = Groups.FirstOrDefault(g => path.StartsWith(g.Prefix, StringComparison.Ordinal));
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
