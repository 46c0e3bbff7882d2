using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;

namespace KsefPS.Core.Store;

/// <summary>
/// An enrollment KSeF accepted whose certificate is not stored yet: its reference number and its private key (sealed,
/// or where it is on a token: <see cref="KeyReference"/>) are kept so that Request-KsefCertificate -Resume can finish it after a crash.
/// </summary>
public sealed record PendingEnrollment(
    Guid Id,
    string Name,
    CertificateUsage Usage,
    KsefEnvironment Environment,
    Uri ApiUrl,
    string ReferenceNumber,
    DateTimeOffset Requested,
    string StorePath,
    string? KeyReference = null);
