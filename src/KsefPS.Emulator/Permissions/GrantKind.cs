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
