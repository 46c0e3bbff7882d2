using System.Collections.Concurrent;

namespace KsefPS.Emulator.Auth;

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
