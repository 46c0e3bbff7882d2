namespace KsefPS.Emulator.Infrastructure;

/// <summary>A fault a test switches on for requests whose path starts with <see cref="PathPrefix"/>.</summary>
public sealed record FaultRule
{
    public string PathPrefix { get; init; } = "/v2/";
    /// <summary>When set, the path must also end with this (e.g. "/close").</summary>
    public string? PathSuffix { get; init; }
    public string? Method { get; init; }
    /// <summary>
    /// TooManyRequests, ServerError, Delay, DropBefore (connection cut, request not processed), DropAfter (processed,
    /// answer lost), Refuse (400 with KSeF's <see cref="ExceptionCode"/>, the request not processed) or Rewrite (processed,
    /// every <see cref="Find"/> in the answer's body replaced by <see cref="ReplaceWith"/>, or with no Find the whole body:
    /// a hostile or broken server) or
    /// SystemWarning (processed, the answer carrying X-System-Warning: <see cref="ReplaceWith"/>) or RotateKeys (processed,
    /// then the Ministry's encryption keys are rotated before the answer goes out).
    /// </summary>
    public string Kind { get; init; } = "ServerError";
    public int Status { get; init; } = 503;
    public int ExceptionCode { get; init; } = Errors.InvalidInputCode;
    /// <summary>How many matching requests pass untouched before the fault starts to hit.</summary>
    public int After { get; init; }
    public int RetryAfterSeconds { get; init; } = 1;
    public int DelayMs { get; init; }
    public string Find { get; init; } = "";
    public string ReplaceWith { get; init; } = "";
    /// <summary>How many matching requests the fault hits before it retires itself.</summary>
    public int Times { get; init; } = 1;
}
