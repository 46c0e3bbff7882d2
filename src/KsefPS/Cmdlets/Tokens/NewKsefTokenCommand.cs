using System.Management.Automation;
using KsefPS.Core.Errors;
using KsefPS.Core.Sessions;
using KsefPS.Core.Tokens;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Tokens;

[Cmdlet(VerbsCommon.New, "KsefToken", SupportsShouldProcess = true)]
[OutputType(typeof(KsefTokenInfo))]
public sealed class NewKsefTokenCommand : SessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public KsefTokenPermission[] Permission { get; set; } = [];

    [Parameter(Mandatory = true)]
    [ValidateLength(5, 256)]
    public string Description { get; set; } = "";

    /// <summary>Keep the token, encrypted, in the store under this name (for Connect-Ksef -TokenName).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    protected override void EndProcessing()
    {
        var session = RequireSession();
        if (!ShouldProcess(session.Context.ToString(), $"Create a KSeF token ({string.Join(", ", Permission)})"))
        {
            return;
        }
        using var store = Name is null ? null : OpenStore();
        if (store is not null)
        {
            // KSeF shows a token once: a name already taken or a locked store found after it is made would lose it.
            Terminating(() => WithStoreKey(store, () => { store.RequireTokenCanBeAdded(Name!); return true; }));
        }
        var (reference, token) = Terminating(() => RunAsync((narrate, cancel) => KsefTokens.CreateAsync(session, Permission, Description, narrate, cancel)));
        using var _ = token;
        if (store is not null)
        {
            try
            {
                Terminating(() => WithStoreKey(store, () => store.AddToken(Name!, session.Environment, session.ApiUrl, session.Context, reference,
                    Description, Permission.Select(p => p.ToString()).ToList(), token)));
            }
            catch
            {
                RevokeUnkept(session, reference);
                throw;
            }
            WriteVerbose($"Token {reference} stored encrypted as '{Name}'.");
        }
        WriteObject(new KsefTokenInfo
        {
            ReferenceNumber = reference,
            Name = Name,
            Context = session.Context,
            Description = Description,
            Permissions = Permission.Select(p => p.ToString()).ToList(),
            Status = "Pending",
            Created = DateTimeOffset.UtcNow,
            Token = Name is null ? token.Copy() : null,
        });
    }

    /// <summary>A token that could not be kept is revoked, so that none is left active that nobody holds.</summary>
    private void RevokeUnkept(KsefSession session, string reference)
    {
        try
        {
            RunAsync(async (_, cancel) =>
            {
                await KsefTokens.RevokeAsync(session, reference, cancel).ConfigureAwait(false);
                return true;
            });
            WriteWarning($"The token KSeF made ({reference}) could not be kept in the store, so it was revoked at KSeF.");
        }
        catch (Exception e) when (e is KsefException or OperationCanceledException)
        {
            WriteWarning($"The token KSeF made ({reference}) could not be kept in the store, nor revoked ({e.Message}); " +
                $"revoke it with Revoke-KsefToken -ReferenceNumber {reference}.");
        }
    }
}
