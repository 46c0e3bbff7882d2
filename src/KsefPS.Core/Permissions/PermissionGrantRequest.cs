namespace KsefPS.Core.Permissions;

/// <summary>
/// One grant to make: who (a person, or an entity), which permissions, and — for an indirect grant — for which client
/// of the intermediary (<see cref="TargetNip"/>) or all of them (<see cref="AllPartners"/>).
/// </summary>
public sealed record PermissionGrantRequest
{
    /// <summary>
    /// Which kind of grant the given facts make: an entity by NIP holds invoice rights or, with SelfInvoicing and the
    /// like, an authorization; a person named with an EU VAT number becomes that EU entity's administrator, and in a
    /// composite NIP-VAT UE context its representative; with a subunit, its administrator; with a client (or all), an
    /// indirect grant; otherwise a person grant.
    /// </summary>
    public static GrantKind KindOf(bool entity, IReadOnlyList<KsefPermission> permissions, bool inEuContext, bool vatUe, bool subunit, bool client) =>
        entity ? (permissions.Count > 0 && permissions.All(KsefPermissions.IsAuthorization) ? GrantKind.Authorization : GrantKind.Entity)
        : vatUe ? GrantKind.EuAdministrator
        : inEuContext ? GrantKind.EuRepresentative
        : subunit ? GrantKind.Subunit
        : client ? GrantKind.Indirect
        : GrantKind.Person;

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

    /// <summary>A person known by certificate fingerprint: their PESEL or NIP if they have one…</summary>
    public string? PersonIdentifier { get; init; }

    /// <summary>…else their birth date and an identity document (type, number, two-letter country).</summary>
    public DateOnly? BirthDate { get; init; }
    public string? IdDocumentType { get; init; }
    public string? IdDocumentNumber { get; init; }
    public string? IdDocumentCountry { get; init; }

    /// <summary>An entity known by the fingerprint of its seal (EU grants): its address beside <see cref="EntityName"/>.</summary>
    public string? EntityAddress { get; init; }

    /// <summary>EU administrators: the EU entity's VAT number (the composite context is this NIP-VAT UE), name and address.</summary>
    public string? VatUe { get; init; }
    public string? EuEntityName { get; init; }
    public string? EuEntityAddress { get; init; }

    /// <summary>The NIP of the current context: the first half of the composite context an EU administrator is made in.</summary>
    public string? ContextNip { get; init; }
}
