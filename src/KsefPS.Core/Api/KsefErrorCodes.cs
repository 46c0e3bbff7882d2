using KsefPS.Core.Errors;

namespace KsefPS.Core.Api;

/// <summary>Maps KSeF exception codes and authentication status codes (BRIEF §3.4–3.5, §10.2) to our ErrorIds.</summary>
public static class KsefErrorCodes
{
    public static string ErrorIdFor(int? exceptionCode) => exceptionCode switch
    {
        21111 => ErrorIds.ChallengeInvalid,
        9101 or 9102 or 9103 or 9105 => ErrorIds.SignatureInvalid,
        21115 or 21117 or 21401 or 21406 or 21001 or 21217 => ErrorIds.AuthenticationRejected,
        21301 => ErrorIds.AuthenticationRevoked,
        25001 or 25002 => ErrorIds.EnrollmentNotAllowed,
        25003 => ErrorIds.CsrSubjectMismatch,
        25006 or 25007 => ErrorIds.CertificateLimitReached,
        25004 or 25010 or 25011 => ErrorIds.EnrollmentRejected,
        25005 => ErrorIds.EnrollmentNotFound,
        25008 => ErrorIds.CertificateNotFound,
        25009 => ErrorIds.CertificateRevocationFailed,
        21166 => ErrorIds.TechnicalCorrectionUnavailable,
        21167 => ErrorIds.TechnicalCorrectionNotAllowed,
        _ => ErrorIds.KsefRequestRejected,
    };

    /// <summary>The ErrorId of a failed authentication status (any code 400–599 of GET /auth/{ref}).</summary>
    public static string ErrorIdForStatus(int statusCode) => statusCode switch
    {
        415 => ErrorIds.NoPermissionsInContext,
        425 => ErrorIds.AuthenticationRevoked,
        450 => ErrorIds.KsefTokenInvalid,
        460 => ErrorIds.CertificateRejected,
        470 or 480 => ErrorIds.AuthenticationBlocked,
        _ => ErrorIds.AuthenticationFailed,
    };

}
