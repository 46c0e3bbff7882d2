namespace KsefPS.Core.Tokens;

public enum KsefTokenPermission
{
    InvoiceRead,
    InvoiceWrite,
    CredentialsRead,
    CredentialsManage,
    SubunitManage,
    EnforcementOperations,
    Introspection,

    /// <summary>API 2.7.0 (TEST first; UPDATES.md): collective identifiers (IZ); a KSeF that predates it refuses the token.</summary>
    CollectiveIdentifierManage,
}
