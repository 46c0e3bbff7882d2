namespace KsefPS.Core.Certificates.Enrollment;

/// <summary>Issued-certificate limits of the authenticated subject (BRIEF §6.1).</summary>
public sealed record CertificateLimits(bool CanRequest, int EnrollmentsRemaining, int EnrollmentLimit, int CertificatesRemaining, int CertificateLimit);
