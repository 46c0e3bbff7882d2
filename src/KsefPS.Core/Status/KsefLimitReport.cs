using KsefPS.Core.Api;

namespace KsefPS.Core.Status;

/// <summary>What KSeF lets the session's context and subject do: session sizes, certificate counts, request rates.</summary>
public sealed record KsefLimitReport(
    string Context,
    SessionLimits? OnlineSession,
    SessionLimits? BatchSession,
    int? MaxEnrollments,
    int? MaxCertificates,
    ReadableList<RateLimitValues> RateLimits);
