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
