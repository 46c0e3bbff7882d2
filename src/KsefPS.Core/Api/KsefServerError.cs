namespace KsefPS.Core.Api;

/// <summary>What KSeF said when it refused a request (BRIEF §10.2), kept on the exception for scripts and support calls.</summary>
public sealed record KsefServerError(
    int HttpStatus,
    IReadOnlyList<KsefErrorEntry> Errors,
    string? ReferenceNumber,
    string? ReasonCode,
    string? Detail,
    IReadOnlyList<string>? RequiredPermissions = null,
    IReadOnlyList<string>? PresentPermissions = null)
{
    public int? FirstCode => Errors.Count > 0 ? Errors[0].Code : null;

    public override string ToString()
    {
        var parts = Errors.Select(e => $"{e.Code} {e.Description}" + (e.Details.Count > 0 ? $" ({string.Join("; ", e.Details)})" : ""));
        var text = string.Join(" | ", parts);
        if (string.IsNullOrEmpty(text))
        {
            text = Detail ?? $"HTTP {HttpStatus}";
        }
        if (ReasonCode is not null)
        {
            text += $" [reason: {ReasonCode}]";
        }
        if (RequiredPermissions is { Count: > 0 })
        {
            text += $" Needed: one of {string.Join(", ", RequiredPermissions)}; this session has {(PresentPermissions is { Count: > 0 } present ? string.Join(", ", present) : "none")}.";
        }
        if (ReferenceNumber is not null)
        {
            text += $" [KSeF reference: {ReferenceNumber}]";
        }
        return text;
    }
}
