namespace KsefPS.Emulator.Auth;

/// <summary>A KSeF token issued with POST /tokens (BRIEF §4.2).</summary>
public sealed class KsefToken
{
    public required string ReferenceNumber { get; init; }
    public required string Secret { get; init; }
    public required Identifier Context { get; init; }
    public required Identifier Author { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<string> Permissions { get; init; }
    public required DateTimeOffset Created { get; init; }

    /// <summary>Until then the token is Pending: KSeF is still activating it and granting its permissions.</summary>
    public required DateTimeOffset ActiveFrom { get; init; }
    public bool Revoked { get; set; }
    public DateTimeOffset? LastUse { get; set; }

    public string StatusAt(DateTimeOffset now) => Revoked ? "Revoked" : now < ActiveFrom ? "Pending" : "Active";
}
