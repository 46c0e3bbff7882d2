namespace KsefPS.Core.Certificates.Enrollment;

/// <summary>A certificate's state at KSeF, as the certificate query filters by it (BRIEF §6).</summary>
public enum IssuedCertificateStatus
{
    Active,
    Blocked,
    Revoked,
    Expired,
}
