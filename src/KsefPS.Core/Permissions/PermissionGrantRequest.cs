namespace KsefPS.Core.Permissions;

/// <summary>
/// One grant to make: who (a person, or an entity), which permissions, and — for an indirect grant — for which client
/// of the intermediary (<see cref="TargetNip"/>) or all of them (<see cref="AllPartners"/>).
/// </summary>
public sealed record PermissionGrantRequest
{
    public required GrantKind Kind { get; init; }
    public required PermissionSubject Subject { get; init; }
    public required IReadOnlyList<KsefPermission> Permissions { get; init; }

    /// <summary>5–256 characters; KSeF requires one.</summary>
    public required string Description { get; init; }

    /// <summary>A person's names (KSeF requires them for person and indirect grants).</summary>
    public string? FirstName { get; init; }
    public string? LastName { get; init; }

    /// <summary>An entity's full name (5–90 characters).</summary>
    public string? EntityName { get; init; }

    /// <summary>Entity grants: the entity may pass the invoice permissions on (indirect grants).</summary>
    public bool CanDelegate { get; init; }

    public string? TargetNip { get; init; }
    public bool AllPartners { get; init; }

    /// <summary>Subunit administrators: the subunit by its internal identifier (NIP-5 digits), or a subordinate entity by NIP.</summary>
    public string? SubunitInternalId { get; init; }
    public string? SubordinateNip { get; init; }
    public string? SubunitName { get; init; }
}
