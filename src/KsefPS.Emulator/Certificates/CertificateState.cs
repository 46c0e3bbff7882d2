using System.Collections.Concurrent;
using KsefPS.Emulator.Auth;

namespace KsefPS.Emulator.Certificates;

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
