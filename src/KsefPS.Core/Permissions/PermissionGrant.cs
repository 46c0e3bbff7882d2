namespace KsefPS.Core.Permissions;

/// <summary>
/// One permission one holder has, as KSeF lists it. Values KSeF adds later (a new permission, a new identifier type)
/// are kept as text and shown.
/// </summary>
public sealed record PermissionGrant
{
    /// <summary>KSeF's permission id: what Revoke-KsefPermission takes.</summary>
    public required string Id { get; init; }

    public required string Permission { get; init; }

    /// <summary>Person, Entity or Indirect (or what KSeF's listing says), as far as the listing shows it.</summary>
    public required string Kind { get; init; }

    /// <summary>Who holds it: "Pesel", "Nip", "Fingerprint" and the value.</summary>
    public string? AuthorizedType { get; init; }
    public string? Authorized { get; init; }

    /// <summary>The holder's name as the grant gave it (a person's first and last name, an entity's full name).</summary>
    public string? Name { get; init; }

    /// <summary>The context that granted it (for received and personal grants, and indirect grants).</summary>
    public string? Context { get; init; }

    /// <summary>For indirect grants: the client (NIP) or AllPartners.</summary>
    public string? Target { get; init; }

    public string? Author { get; init; }
    public required string Description { get; init; }
    public string? State { get; init; }
    public bool CanDelegate { get; init; }
    public DateTimeOffset? StartDate { get; init; }
}
