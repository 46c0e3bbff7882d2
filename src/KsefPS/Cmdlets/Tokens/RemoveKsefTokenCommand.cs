using System.Management.Automation;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Tokens;

/// <summary>
/// Forgets stored KSeF tokens without asking KSeF, as Remove-KsefCertificate forgets certificates: for a token whose
/// environment is gone (a local emulator) or that was revoked where KsefPS could not see it. Revoke-KsefToken revokes.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "KsefToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveKsefTokenCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(StoredTokenNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        using var store = OpenStoreToRead(warnWhenMissing: false); // a look-up makes no store
        var tokens = store?.ListTokens() ?? [];
        foreach (var query in Name)
        {
            var pattern = WildcardPattern.Get(query, WildcardOptions.IgnoreCase);
            var matches = tokens.Where(t => pattern.IsMatch(t.Name)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(query))
            {
                WriteKsefError(KsefStore.TokenNotFound(query));
            }
            foreach (var token in matches)
            {
                Remove(store!, token); // matched in its list: the store is there
            }
        }
    }

    private void Remove(KsefStore store, StoredToken token)
    {
        if (!ShouldProcess($"{token.Name} ({token.ReferenceNumber}, {token.Context})",
                "Remove the KSeF token from the store; it stays valid at KSeF until revoked there"))
        {
            return;
        }
        if (store.RemoveToken(token.Id))
        {
            WriteVerbose($"Token '{token.Name}' ({token.ReferenceNumber}) removed from {store.Path}; KSeF was not asked to revoke it.");
            WarnIfWipePending(store);
        }
    }
}
