namespace KsefPS.Core.Api;

/// <summary>How patient the client is with KSeF (DESIGN §5).</summary>
public sealed record KsefApiOptions
{
    /// <summary>The longest Retry-After the client waits out on a 429; a longer one fails at once with KsefRateLimited.</summary>
    public TimeSpan MaxRetryWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts per request, the first included, for 429s and (idempotent requests only) 5xx and lost connections.</summary>
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>First back-off step for 5xx and lost connections; doubles each attempt, with jitter.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long to keep polling an authentication before giving up.</summary>
    public TimeSpan AuthenticationTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
