namespace KsefPS.Core.Identifiers;

public enum ContextIdentifierType
{
    Nip,
    InternalId,
    NipVatUe,
    PeppolId,
}
