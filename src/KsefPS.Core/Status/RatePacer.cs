using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Status;

/// <summary>
/// Keeps the client under KSeF's limits (DESIGN §5) so that a 429 is the exception, not the control loop: before a
/// request it waits until the request fits every window of its group. One pacer per (API, context) in the process,
/// since KSeF counts per context and IP. The windows are counted a little longer than KSeF's, because KSeF stamps a
/// request when it arrives, a moment after it left here.
/// </summary>
public sealed class RatePacer
{
    private static readonly ConcurrentDictionary<string, RatePacer> Pacers = new(StringComparer.Ordinal);
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(250);

    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _sent = [];
    private readonly Func<DateTimeOffset> _clock;
    private readonly ConcurrentDictionary<string, RateLimitGroup> _effective = new();
    private Task? _loading;

    public RatePacer(Func<DateTimeOffset>? clock = null) => _clock = clock ?? (() => DateTimeOffset.UtcNow);

    public static RatePacer For(Uri api, string context) => Pacers.GetOrAdd($"{api.AbsoluteUri}|{context}", _ => new RatePacer());

    /// <summary>
    /// Once per pacer: the thresholds KSeF says are in force for this context (GET /rate-limits; production may raise
    /// them on request, TEST runs higher ones). When KSeF cannot say, production's defaults stand.
    /// </summary>
    public Task LoadLimitsOnceAsync(Func<Task<JsonNode?>> fetch)
    {
        lock (_gate)
        {
            return _loading ??= LoadAsync(fetch);
        }
    }

    private async Task LoadAsync(Func<Task<JsonNode?>> fetch)
    {
        // The fetch itself counts in "other", under the thresholds known so far.
        await WaitAsync(RateLimitGroup.Other, null, CancellationToken.None, RateLimitGroup.CounterOf(RateLimitGroup.Other, "GET", "rate-limits")).ConfigureAwait(false);
        try
        {
            if (await fetch().ConfigureAwait(false) is JsonObject groups)
            {
                Read(groups);
            }
        }
        catch (Exception e) when (e is KsefException or System.Text.Json.JsonException or InvalidOperationException)
        {
        }
    }

    /// <summary>Thresholds this client just set (TEST's /testdata/rate-limits): in force from now, no need to ask.</summary>
    public void Use(JsonObject groups)
    {
        lock (_gate)
        {
            Read(groups);
            _loading = Task.CompletedTask;
        }
    }

    private void Read(JsonObject groups)
    {
        foreach (var (name, values) in groups)
        {
            if (values?["perSecond"] is JsonValue s && s.TryGetValue<int>(out var second) && values["perMinute"] is JsonValue m && m.TryGetValue<int>(out var minute)
                && values["perHour"] is JsonValue h && h.TryGetValue<int>(out var hour) && second > 0 && minute > 0 && hour > 0)
            {
                _effective[name] = new RateLimitGroup(name, second, minute, hour);
            }
        }
    }

    /// <summary>After the thresholds went back to defaults KsefPS does not know: production's stand until KSeF is asked again.</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _loading = null;
            _effective.Clear();
        }
    }

    /// <summary>
    /// The thresholds in force for a group: KSeF's word when it gave it, production's defaults otherwise; a group KSeF
    /// has not named (a newer API's) is the older group it splits from.
    /// </summary>
    public RateLimitGroup Effective(RateLimitGroup group) =>
        _effective.TryGetValue(group.Name, out var reported) ? reported
        : group.UntilReported is { } older ? Effective(older)
        : group;

    /// <summary>
    /// Waits until a request of <paramref name="group"/> fits, then counts it in <paramref name="counter"/> (the group's
    /// own when null; see <see cref="RateLimitGroup.CounterOf"/>); <paramref name="narrate"/> hears of every wait.
    /// </summary>
    public async Task WaitAsync(RateLimitGroup group, Action<string>? narrate, CancellationToken cancellation, string? counter = null)
    {
        group = Effective(group);
        while (true)
        {
            var wait = TryTake(group, counter);
            if (wait <= TimeSpan.Zero)
            {
                return;
            }
            if (wait >= TimeSpan.FromSeconds(1))
            {
                narrate?.Invoke($"Pacing for KSeF's limit {group}: waiting {wait.TotalSeconds:0.#} s.");
            }
            await Task.Delay(wait, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Zero when the request was counted now; otherwise how long until it would fit.</summary>
    internal TimeSpan TryTake(RateLimitGroup group, string? counter = null)
    {
        var now = _clock();
        counter ??= group.Name;
        lock (_gate)
        {
            if (!_sent.TryGetValue(counter, out var sent))
            {
                _sent[counter] = sent = new Queue<DateTimeOffset>();
            }
            var hour = TimeSpan.FromHours(1) + Margin;
            while (sent.Count > 0 && now - sent.Peek() >= hour)
            {
                sent.Dequeue();
            }
            var wait = TimeSpan.Zero;
            foreach (var (window, limit) in new[] { (TimeSpan.FromSeconds(1), group.PerSecond), (TimeSpan.FromMinutes(1), group.PerMinute), (TimeSpan.FromHours(1), group.PerHour) })
            {
                var span = window + Margin;
                var inWindow = sent.Where(t => now - t < span).ToList();
                if (inWindow.Count >= limit)
                {
                    // the request fits once the oldest of the last `limit` requests leaves the window
                    var until = inWindow[inWindow.Count - limit] + span - now;
                    wait = until > wait ? until : wait;
                }
            }
            if (wait > TimeSpan.Zero)
            {
                return wait;
            }
            sent.Enqueue(now);
            return TimeSpan.Zero;
        }
    }
}
