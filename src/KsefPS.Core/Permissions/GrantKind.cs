namespace KsefPS.Core.Permissions;

/// <summary>How a grant reaches its holder.</summary>
public enum GrantKind
{
    /// <summary>A person (PESEL, NIP or certificate fingerprint) works in the current context.</summary>
    Person,

    /// <summary>An entity (NIP), e.g. an accounting office, handles the current context's invoices; with canDelegate it may pass them on.</summary>
    Entity,

    /// <summary>The current context, as an intermediary, passes a delegable grant on to a person, for one client or all.</summary>
    Indirect,

    /// <summary>An entity issues invoices in its own context on the current context's behalf: self-invoicing, RR, tax representative, PEF.</summary>
    Authorization,

    /// <summary>A person or entity, by certificate fingerprint, administers an EU entity in the composite context NIP-VAT UE (VatUeManage).</summary>
    EuAdministrator,

    /// <summary>A representative of the EU entity (InvoiceWrite/InvoiceRead), granted in the composite context.</summary>
    EuRepresentative,

    /// <summary>A person administers (CredentialsManage) a subunit (internal identifier) or a subordinate entity (VAT group member, subordinate JST).</summary>
    Subunit,
}
