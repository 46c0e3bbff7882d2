using KsefPS.Emulator.Auth;

namespace KsefPS.Emulator.Permissions;

/// <summary>One permission held by one subject; a grant of several permissions makes one of these per permission.</summary>
public sealed class PermissionGrant
{
    public required string Id { get; init; }
    public required GrantKind Kind { get; init; }

    /// <summary>The context that granted it: the company (person and entity grants) or the intermediary (indirect grants).</summary>
    public required Identifier Context { get; init; }

    public required Identifier Authorized { get; init; }

    /// <summary>For indirect grants: the client (Nip) or every client of the intermediary (AllPartners, no value).</summary>
    public Identifier? Target { get; init; }

    public required string Permission { get; init; }
    public bool CanDelegate { get; init; }
    public required string Description { get; init; }
    public required Identifier Author { get; init; }
    public required DateTimeOffset Start { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? EntityName { get; init; }
    public string? SubunitName { get; init; }
    public string? Address { get; init; }
    public string? EuEntityName { get; init; }
    public string? EuEntityAddress { get; init; }
}
