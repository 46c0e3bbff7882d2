using System.Management.Automation;
using KsefPS.Core.Errors;
using KsefPS.Core.Sessions;
using KsefPS.Core.Store;
using KsefPS.Core.Tokens;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Tokens;

[Cmdlet("Revoke", "KsefToken", DefaultParameterSetName = ByName, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RevokeKsefTokenCommand : SessionCmdlet
{
    private const string ByName = "Name";
    private const string ByReference = "ReferenceNumber";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName)]
    [ArgumentCompleter(typeof(StoredTokenNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = ByReference, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string ReferenceNumber { get; set; } = "";

    protected override void ProcessRecord()
    {
        StoredToken? stored;
        using (var store = OpenStoreToRead(warnWhenMissing: false)) // a look-up makes no store
        {
            var tokens = store?.ListTokens() ?? [];
            stored = ParameterSetName == ByName
                ? tokens.FirstOrDefault(t => string.Equals(t.Name, Name, StringComparison.OrdinalIgnoreCase))
                : tokens.FirstOrDefault(t => t.ReferenceNumber == ReferenceNumber);
        }
        if (ParameterSetName == ByName && stored is null)
        {
            WriteKsefError(KsefStore.TokenNotFound(Name));
            return;
        }
        var reference = stored?.ReferenceNumber ?? ReferenceNumber;
        if (!ShouldProcess(stored is null ? reference : $"{stored.Name} ({reference})", "Revoke the KSeF token at KSeF and remove it from the store"))
        {
            return;
        }
        var session = RequireSession();
        try
        {
            RunAsync(async (_, cancel) =>
            {
                await KsefTokens.RevokeAsync(session, reference, cancel).ConfigureAwait(false);
                return 0;
            });
        }
        catch (KsefException e)
        {
            if (stored is null || !RevokedAlready(session, reference))
            {
                WriteKsefError(e);
                return;
            }
            WriteWarning($"KSeF had already revoked the token {reference} ('{stored.Name}'); it is removed from the store.");
        }
        if (stored is not null)
        {
            using var store = OpenStore();
            store.RemoveToken(stored.Id);
            WarnIfWipePending(store);
        }
        WriteVerbose($"Token {reference} revoked.");
    }

    /// <summary>
    /// Whether KSeF refused the revocation because the token is revoked already (in its web application, by another
    /// store): then the stored copy is dead and goes, where it would otherwise stay in the store for ever.
    /// </summary>
    private bool RevokedAlready(KsefSession session, string reference)
    {
        try
        {
            var status = RunAsync((_, cancel) => KsefTokens.StatusAsync(session, reference, cancel));
            return status is "Revoked" or "Failed";
        }
        catch (KsefException)
        {
            return false;
        }
    }
}
