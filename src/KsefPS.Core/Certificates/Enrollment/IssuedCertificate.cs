namespace KsefPS.Core.Certificates.Enrollment;

/// <summary>A certificate KSeF issued to the authenticated subject (BRIEF §6.7), with the local store entry that holds it.</summary>
public sealed record IssuedCertificate(
    string SerialNumber,
    string Name,
    CertificateUsage? Usage,
    string CommonName,
    string Status,
    string SubjectIdentifier,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidTo,
    DateTimeOffset RequestDate,
    DateTimeOffset? LastUsed,
    string? StoredAs)
{
    /// <summary>KSeF's type as it wrote it: Usage is empty for a type KsefPS does not know yet.</summary>
    public string Type { get; init; } = Usage?.ToString() ?? "";
}
