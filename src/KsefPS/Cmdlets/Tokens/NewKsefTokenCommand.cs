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

    /// <summary>Return as soon as KSeF has made the token, while it is still Pending (it cannot log in yet).</summary>
    [Parameter]
    public SwitchParameter NoWait { get; set; }

    /// <summary>KSeF activates a token in moments; a token still Pending after this is reported, not waited for longer.</summary>
    private static readonly TimeSpan ActivationTimeout = TimeSpan.FromMinutes(2);

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
        var made = new KsefTokenInfo
        {
            ReferenceNumber = reference,
            Name = Name,
            Context = session.Context,
            Description = Description,
            Permissions = [.. Permission.Select(p => p.ToString())],
            Status = "Pending",
            Created = DateTimeOffset.UtcNow,
        };
        if (!NoWait)
        {
            made = WaitWhilePending(session, made);
            if (made.Status == "Failed")
            {
                Forget(made);
                WriteKsefError(new KsefException(ErrorIds.TokenActivationFailed, KsefErrorKind.InvalidOperation,
                    $"KSeF did not activate the token {reference} (status Failed): it cannot log in" + (Name is null ? "." : ", and it is not kept in the store."),
                    reference));
                return;
            }
        }
        WriteObject(made with { Name = Name, Token = Name is null ? token.Copy() : null });
    }

    /// <summary>
    /// KSeF's own view of the new token once it is no longer Pending. A token still Pending at the timeout, or one KSeF
    /// cannot be asked about, is reported as made: it exists, and Get-KsefToken -Remote tells when it is Active.
    /// </summary>
    private KsefTokenInfo WaitWhilePending(KsefSession session, KsefTokenInfo made)
    {
        try
        {
            var seen = RunAsync((narrate, cancel) =>
            {
                narrate($"Waiting for KSeF to activate token {made.ReferenceNumber}.");
                return KsefTokens.WaitWhilePendingAsync(session, made.ReferenceNumber, [], ActivationTimeout, cancel);
            });
            if (seen.Status == "Pending")
            {
                WriteWarning($"KSeF has not activated the token {made.ReferenceNumber} within {ActivationTimeout.TotalMinutes:0} minutes; it cannot log in until it is Active (Get-KsefToken -Remote).");
            }
            return seen;
        }
        catch (KsefException e)
        {
            WriteWarning($"The token {made.ReferenceNumber} was made, but KSeF could not be asked whether it is active yet: {e.Message}");
            return made;
        }
    }

    private void Forget(KsefTokenInfo made)
    {
        if (Name is null)
        {
            return;
        }
        using var store = OpenStore();
        if (store.ListTokens().FirstOrDefault(t => t.ReferenceNumber == made.ReferenceNumber) is { } stored)
        {
            store.RemoveToken(stored.Id);
            WarnIfWipePending(store);
        }
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
