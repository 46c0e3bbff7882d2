using KsefPS.Emulator.Auth;

namespace KsefPS.Emulator.Permissions;

/// <summary>How a permission was granted (uprawnienia.md, "Struktura nadanych uprawnień").</summary>
public enum GrantKind
{
    /// <summary>To a person (PESEL, NIP or fingerprint) to work in the granting context: /permissions/persons/grants.</summary>
    Person,

    /// <summary>To an entity (NIP) to handle the granting context's invoices, optionally passable on: /permissions/entities/grants.</summary>
    Entity,

    /// <summary>By an intermediary (the context that holds a delegable entity grant) to a person, for one client or all: /permissions/indirect/grants.</summary>
    Indirect,

    /// <summary>
    /// Administrator (CredentialsManage) of a subunit (InternalId) or a subordinate entity (NIP of a VAT group member or
    /// a subordinate JST), granted from the parent's context: /permissions/subunits/grants. <see cref="PermissionGrant.Target"/> is the subunit.
    /// </summary>
    Subunit,

    /// <summary>
    /// Administrator (VatUeManage, and invoices) of an EU entity in the composite context NIP-VAT UE, granted from the
    /// NIP's context by certificate fingerprint: /permissions/eu-entities/administration/grants. <see cref="PermissionGrant.Target"/> is the composite context.
    /// </summary>
    EuAdministrator,

    /// <summary>A representative of the EU entity (InvoiceWrite/InvoiceRead), granted in the composite context by its administrator: /permissions/eu-entities/grants.</summary>
    EuRepresentative,

    /// <summary>To an entity to invoice in its own context on the grantor's behalf (self-invoicing, RR, tax representative, PEF): /permissions/authorizations/grants.</summary>
    Authorization,
}

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

/// <summary>An asynchronous grant or revocation (GET /permissions/operations/{ref}): 100 until it is done.</summary>
public sealed class PermissionOperation
{
    public required string ReferenceNumber { get; init; }
    public required Identifier Context { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required DateTimeOffset ReadyAt { get; init; }
    public required int Code { get; init; }
    public required string Description { get; init; }
    public string[] Details { get; init; } = [];

    /// <summary>What the operation does when it is done (the grant appears or goes then, not before).</summary>
    public Action? Apply { get; init; }

    public bool Applied { get; set; }
}
