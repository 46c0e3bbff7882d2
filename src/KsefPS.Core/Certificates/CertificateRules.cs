using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Store;

namespace KsefPS.Core.Certificates;

/// <summary>
/// KSeF's rules for a certificate, in one place for every cmdlet that uses one: which usage it has, whether it may be
/// used now, whether an environment takes it at all.
/// </summary>
public static class CertificateRules
{
    /// <summary>A KSeF Offline certificate by its key usage: nonRepudiation without digitalSignature (BRIEF §6).</summary>
    public static bool LooksOffline(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault()?.KeyUsages is { } flags
        && flags.HasFlag(X509KeyUsageFlags.NonRepudiation) && !flags.HasFlag(X509KeyUsageFlags.DigitalSignature);

    public static bool IsSelfSigned(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    /// <summary>Whether KSeF in <paramref name="environment"/> refuses the certificate outright (self-signed outside Test).</summary>
    public static bool RefusedIn(KsefEnvironment environment, X509Certificate2 certificate) =>
        IsSelfSigned(certificate) && !KsefEnvironmentInfo.For(environment).AcceptsSelfSignedCertificates;

    /// <summary>
    /// A stored certificate fit for <paramref name="usage"/> now: that usage (CertificateUsageWrong, or
    /// OfflineCertificateRequired where KOD II needs one), not revoked and within its validity (CertificateRejected).
    /// </summary>
    public static void RequireUsable(StoredCertificate entry, CertificateUsage usage, DateTimeOffset now)
    {
        if (entry.Usage != usage)
        {
            throw usage == CertificateUsage.Offline
                ? new KsefException(ErrorIds.OfflineCertificateRequired, KsefErrorKind.InvalidArgument,
                    $"'{entry.Name}' is an {entry.Usage} certificate; KOD II must be signed with a KSeF Offline certificate.", entry.Name)
                : new KsefException(ErrorIds.CertificateUsageWrong, KsefErrorKind.InvalidArgument,
                    $"'{entry.Name}' is an {entry.Usage} certificate; KSeF accepts only Authentication certificates for logging in.", entry.Name);
        }
        var status = entry.StatusAt(now);
        if (status is CertificateStatus.Expired or CertificateStatus.NotYetValid or CertificateStatus.Revoked)
        {
            throw new KsefException(ErrorIds.CertificateRejected, KsefErrorKind.InvalidArgument,
                $"'{entry.Name}' cannot be used now: it is {status}" +
                (entry.Revoked is { } revoked
                    ? FormattableString.Invariant($" (since {revoked:yyyy-MM-dd})")
                    : FormattableString.Invariant($" (valid {entry.NotBefore:yyyy-MM-dd HH:mm} to {entry.NotAfter:yyyy-MM-dd HH:mm})")) +
                "; KSeF refuses it.", entry.Name);
        }
    }

    /// <summary>A certificate from outside the store within its validity now (CertificateRejected otherwise).</summary>
    public static void RequireValidAt(X509Certificate2 certificate, string name, DateTimeOffset now)
    {
        if (new DateTimeOffset(certificate.NotAfter) < now || new DateTimeOffset(certificate.NotBefore) > now)
        {
            throw new KsefException(ErrorIds.CertificateRejected, KsefErrorKind.InvalidArgument,
                FormattableString.Invariant($"'{name}' is valid from {certificate.NotBefore:yyyy-MM-dd HH:mm} to {certificate.NotAfter:yyyy-MM-dd HH:mm}; KSeF refuses it now."), name);
        }
    }
}
