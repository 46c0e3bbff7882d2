using System.Collections.Concurrent;

namespace KsefPS.Emulator.Auth;

public sealed record Identifier(string Type, string Value)
{
    /// <summary>The NIP a context belongs to: the whole of a Nip, the first part of an InternalId or NipVatUe.</summary>
    public string Nip => Value.Length >= 10 ? Value[..10] : Value;

    /// <summary>The subject ("Type:Value") an access token carries in its sud claim.</summary>
    public static Identifier Parse(string typeAndValue)
    {
        var parts = typeAndValue.Split(':', 2);
        return new Identifier(parts[0], parts.Length > 1 ? parts[1] : "");
    }

    public override string ToString() => $"{Type}:{Value}";
}

public sealed record Challenge(string Value, DateTimeOffset Issued, string ClientIp)
{
    public bool Used { get; set; }
}

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

/// <summary>A KSeF token issued with POST /tokens (BRIEF §4.2).</summary>
public sealed class KsefToken
{
    public required string ReferenceNumber { get; init; }
    public required string Secret { get; init; }
    public required Identifier Context { get; init; }
    public required Identifier Author { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<string> Permissions { get; init; }
    public required DateTimeOffset Created { get; init; }

    /// <summary>Until then the token is Pending: KSeF is still activating it and granting its permissions.</summary>
    public required DateTimeOffset ActiveFrom { get; init; }
    public bool Revoked { get; set; }
    public DateTimeOffset? LastUse { get; set; }

    public string StatusAt(DateTimeOffset now) => Revoked ? "Revoked" : now < ActiveFrom ? "Pending" : "Active";
}

/// <summary>Everything the emulator remembers. In memory: a restart forgets it, like a fresh TEST environment.</summary>
public sealed class AuthState
{
    public ConcurrentDictionary<string, Challenge> Challenges { get; } = new();
    public ConcurrentDictionary<string, AuthOperation> Operations { get; } = new();
    public ConcurrentDictionary<string, KsefToken> Tokens { get; } = new();

    /// <summary>PESEL→NIP links from /testdata/person: the person is the owner of that NIP's entity.</summary>
    public ConcurrentDictionary<string, string> PeselToNip { get; } = new();

    /// <summary>Contexts whose authentication ends in 480 (/testdata/context/block).</summary>
    public ConcurrentDictionary<string, bool> BlockedContexts { get; } = new();

    /// <summary>Test subjects (/testdata/subject): NIP → type (EnforcementAuthority, VatGroup, JST) and subunit NIPs.</summary>
    public ConcurrentDictionary<string, (string Type, string[] Subunits)> Subjects { get; } = new();

    /// <summary>NIPs of test persons made court bailiffs (/testdata/person with isBailiff): their context has the CourtBailiff role.</summary>
    public ConcurrentDictionary<string, bool> Bailiffs { get; } = new();

    /// <summary>Whether the context may give EnforcementOperations: an enforcement authority's, or a court bailiff's.</summary>
    public bool EnforcesDebts(string nip) => Subjects.GetValueOrDefault(nip).Type == "EnforcementAuthority" || Bailiffs.ContainsKey(nip);
}
