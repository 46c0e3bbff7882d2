namespace KsefPS.Core.Certificates;

public enum CertificateStatus
{
    Valid,
    ExpiringSoon,
    Expired,
    NotYetValid,
    Revoked,
}
