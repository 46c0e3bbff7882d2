namespace KsefPS.Core.Api.Auth;

/// <summary>How AuthTokenRequest names the signer (BRIEF §3.2): by the certificate's subject, or by its fingerprint.</summary>
public enum SubjectIdentifierType
{
    CertificateSubject,
    CertificateFingerprint,
}
