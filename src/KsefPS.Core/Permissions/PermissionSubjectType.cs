namespace KsefPS.Core.Permissions;

/// <summary>Who a grant names: a person or entity by PESEL, NIP or certificate fingerprint, or a Peppol service provider.</summary>
public enum PermissionSubjectType
{
    Pesel,
    Nip,
    Fingerprint,
    PeppolId,
}
