using System.Management.Automation;
using KsefPS.Core.Sessions;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Sessions;

[Cmdlet("Revoke", "KsefAuthenticationSession", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RevokeKsefAuthenticationSessionCommand : SessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string ReferenceNumber { get; set; } = "";

    protected override void ProcessRecord()
    {
        var session = RequireSession();
        var own = ReferenceNumber == session.ReferenceNumber;
        if (!ShouldProcess(own ? $"{ReferenceNumber} (this session's own)" : ReferenceNumber,
                "Revoke the authentication at KSeF (its refresh token dies; its access tokens live until they expire)"))
        {
            return;
        }
        PerItem(() =>
        {
            RunAsync(async (narrate, cancel) =>
            {
                narrate($"Revoking authentication {ReferenceNumber} in {session.Context}.");
                await AuthenticationSessions.RevokeAsync(session, ReferenceNumber, cancel).ConfigureAwait(false);
                return 0;
            });
            if (own)
            {
                WriteWarning("That was this session's own authentication: when its access token expires, the session logs in again with its credential. Disconnect-Ksef ends it.");
            }
            WriteVerbose($"Authentication {ReferenceNumber} revoked.");
        });
    }
}
