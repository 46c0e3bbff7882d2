using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Emulator.Auth;

namespace KsefPS.Emulator.Certificates;

public sealed class IssuedCertificate
{
    public required string SerialNumber { get; init; }
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required X509Certificate2 Certificate { get; init; }
    public required Identifier Owner { get; init; }
    public required DateTimeOffset RequestDate { get; init; }
    public string? RevocationReason { get; set; }
    public DateTimeOffset? Revoked { get; set; }
    public DateTimeOffset? LastUse { get; set; }
    /// <summary>An earlier end TEST's PUT /testdata/certificates/{serial} set (UPDATES.md 2.7.0); the certificate's bytes keep theirs.</summary>
    public DateTimeOffset? ShortenedTo { get; set; }

    public DateTimeOffset ValidTo => ShortenedTo ?? new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());

    public string StatusAt(DateTimeOffset now) =>
        Revoked is not null ? "Revoked" : now > ValidTo ? "Expired" : "Active";
}

public sealed class Enrollment
{
    public required string ReferenceNumber { get; init; }
    public required DateTimeOffset RequestDate { get; init; }
    public required DateTimeOffset ReadyAt { get; init; }
    public required Identifier Owner { get; init; }
    public required int FinalCode { get; init; }
    public required string FinalDescription { get; init; }
    public string[] FinalDetails { get; init; } = [];
    public string? SerialNumber { get; init; }
}

/// <summary>Certificates the emulator's authority issued, enrollments, and per-subject limits (BRIEF §6.1).</summary>
public sealed class CertificateState
{
    public ConcurrentDictionary<string, IssuedCertificate> Issued { get; } = new();
    public ConcurrentDictionary<string, Enrollment> Enrollments { get; } = new();

    /// <summary>A subject's own limits, set by its session (POST /testdata/limits/subject/certificate: "for the current subject").</summary>
    public ConcurrentDictionary<Identifier, (int Enrollments, int Certificates)> Limits { get; } = new();

    public (int Enrollments, int Certificates) LimitsFor(Identifier subject) =>
        Limits.TryGetValue(subject, out var custom) ? custom
        : subject.Type == "Nip" ? (300, 100) : (12, 6);

    public int EnrollmentsOf(Identifier subject) => Enrollments.Values.Count(e => e.Owner == subject);

    public int ActiveCertificatesOf(Identifier subject) =>
        Issued.Values.Count(c => c.Owner == subject && c.StatusAt(DateTimeOffset.UtcNow) == "Active");
}
