using System.Management.Automation;
using KsefPS.Core.Sessions;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Sessions;

[Cmdlet(VerbsCommon.Get, "KsefAuthenticationSession")]
[OutputType(typeof(KsefAuthenticationSession))]
public sealed class GetKsefAuthenticationSessionCommand : SessionCmdlet
{
    /// <summary>Only the authentication the session itself uses.</summary>
    [Parameter]
    public SwitchParameter Current { get; set; }

    protected override void EndProcessing()
    {
        var session = RequireSession();
        var listed = Terminating(() => RunAsync((narrate, cancel) => AuthenticationSessions.ListAsync(session, cancel, narrate)));
        WriteObject(Current ? listed.Where(a => a.IsCurrent) : listed, enumerateCollection: true);
    }
}
