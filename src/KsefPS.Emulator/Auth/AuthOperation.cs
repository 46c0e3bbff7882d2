namespace KsefPS.Emulator.Auth;

/// <summary>One authentication operation (BRIEF §3.5) and the tokens issued from it.</summary>
public sealed class AuthOperation
{
    public required string ReferenceNumber { get; init; }
    public required DateTimeOffset StartDate { get; init; }
    public required DateTimeOffset ReadyAt { get; init; }
    public required Identifier Context { get; init; }
    public required Identifier Subject { get; init; }
    public required string Method { get; init; }
    public required string MethodCategory { get; init; }
    public required string MethodCode { get; init; }
    public required string MethodDisplayName { get; init; }
    public required int FinalCode { get; init; }
    public required string FinalDescription { get; init; }
    public string[] FinalDetails { get; init; } = [];
    public string? KsefTokenReference { get; init; }
    /// <summary>Base64 SHA-256 of the signed AuthTokenRequest; the UPO names it (SkrotDokumentuUwierzytelniajacego).</summary>
    public string? AuthDocumentHash { get; set; }
    /// <summary>What the tokens of this authentication carry; refreshed from the grants at each token refresh.</summary>
    public IReadOnlyList<string> Permissions { get; set; } = [];
    public IReadOnlyList<string> AllowedIps { get; init; } = [];
    /// <summary>The signing certificate's subject attributes (OID, value) in DER order: the enrollment data (BRIEF §6.2).</summary>
    public IReadOnlyList<(string Oid, string Value)> SubjectAttributes { get; init; } = [];
    public bool Redeemed { get; set; }
    public bool Revoked { get; set; }
    public DateTimeOffset? LastTokenRefresh { get; set; }
    public DateTimeOffset? RefreshTokenValidUntil { get; set; }

    public (int Code, string Description, string[] Details) StatusAt(DateTimeOffset now) =>
        Revoked ? (425, "Uwierzytelnianie zostało unieważnione", ["Revoked by the user."])
        : now < ReadyAt ? (100, "Uwierzytelnianie w toku", [])
        : (FinalCode, FinalDescription, FinalDetails);
}
