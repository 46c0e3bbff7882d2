using System.Management.Automation;
using KsefPS.Core.Store;
using KsefPS.Core.Tokens;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Tokens;

[Cmdlet(VerbsCommon.Get, "KsefToken", DefaultParameterSetName = Stored)]
[OutputType(typeof(KsefTokenInfo))]
public sealed class GetKsefTokenCommand : SessionCmdlet
{
    private const string Stored = "Stored";
    private const string FromKsef = "Remote";

    [Parameter(Position = 0, ParameterSetName = Stored)]
    [ArgumentCompleter(typeof(StoredTokenNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>List what KSeF knows in the session's context (including tokens not kept in the store).</summary>
    [Parameter(Mandatory = true, ParameterSetName = FromKsef)]
    public SwitchParameter Remote { get; set; }

    /// <summary>Only tokens in these states, as KSeF filters them (every state when left out).</summary>
    [Parameter(ParameterSetName = FromKsef)]
    [ValidateSet("Pending", "Active", "Revoking", "Revoked", "Failed")]
    public string[] Status { get; set; } = [];

    protected override void EndProcessing()
    {
        if (ParameterSetName == Stored)
        {
            using var store = OpenStoreToRead();
            var pattern = WildcardPattern.Get(Name ?? "*", WildcardOptions.IgnoreCase);
            var found = (store?.ListTokens() ?? []).Where(t => pattern.IsMatch(t.Name)).ToList();
            foreach (var token in found)
            {
                WriteObject(KsefTokenInfo.FromStored(token));
            }
            // As Get-KsefCertificate and Get-Item: a name without wildcards names one token, and its absence is an error.
            if (found.Count == 0 && Name is not null && !WildcardPattern.ContainsWildcardCharacters(Name))
            {
                WriteKsefError(KsefStore.TokenNotFound(Name));
            }
            return;
        }
        var session = RequireSession();
        IReadOnlyList<StoredToken> stored;
        using (var store = OpenStoreToRead(warnWhenMissing: false)) // KSeF's list is the answer; the store only names what it holds
        {
            stored = store?.ListTokens() ?? [];
        }
        WriteObject(Terminating(() => RunAsync((_, cancel) => KsefTokens.ListAsync(session, stored, cancel, Status))), enumerateCollection: true);
    }
}
