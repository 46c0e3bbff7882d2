namespace KsefPS.Core.Permissions;

/// <summary>
/// KSeF's permission values (uprawnienia.md, and UPDATES.md for later ones) that KsefPS can grant. What KSeF lists is
/// kept as text, so a value added after these still shows.
/// </summary>
public enum KsefPermission
{
    InvoiceWrite,
    InvoiceRead,
    CredentialsManage,
    CredentialsRead,
    Introspection,
    SubunitManage,
    EnforcementOperations,
    VatUeManage,

    /// <summary>
    /// Collective identifiers (IZ) of issued invoices, without invoice rights: API 2.7.0 (TEST first; UPDATES.md), for
    /// persons, entities and KSeF tokens. A KSeF that predates it refuses the grant.
    /// </summary>
    CollectiveIdentifierManage,

    /// <summary>Authorizations of another entity to invoice on this one's behalf (granted with -EntityNip).</summary>
    SelfInvoicing,
    RRInvoicing,
    TaxRepresentative,
    PefInvoicing,
}
