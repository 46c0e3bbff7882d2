namespace KsefPS.Core.Status;

/// <summary>One rate-limit group as KSeF enforces it for the session (GET /rate-limits): a new group shows by its name.</summary>
public sealed record RateLimitValues(string Group, int PerSecond, int PerMinute, int PerHour)
{
    public override string ToString() => $"{Group}: {PerSecond}/s, {PerMinute}/min, {PerHour}/h";
}
