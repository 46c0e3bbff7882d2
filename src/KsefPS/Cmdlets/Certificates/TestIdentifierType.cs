namespace KsefPS.Cmdlets.Certificates;

public enum TestIdentifierType
{
    Nip,
    Pesel,
    PeppolId,
}
