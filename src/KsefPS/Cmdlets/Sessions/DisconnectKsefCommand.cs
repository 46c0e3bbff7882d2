using System.Management.Automation;
using KsefPS.Core.Errors;
using KsefPS.Core.Sessions;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Sessions;

[Cmdlet(VerbsCommunications.Disconnect, "Ksef", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class DisconnectKsefCommand : KsefCmdlet
{
    [Parameter(ValueFromPipeline = true, Position = 0)]
    public KsefSession? Session { get; set; }

    protected override void ProcessRecord()
    {
        var session = Session ?? CurrentSession.Get();
        if (session is null)
        {
            // Nothing to end is no error, just as ending a session twice is none: in a runbook's finally block, under
            // -ErrorAction Stop, an error here would replace the one that stopped the runbook before it connected.
            WriteVerbose("There is no KSeF session to disconnect.");
            return;
        }
        if (!ShouldProcess(session.ToString(), "End the session at KSeF (its tokens are revoked)"))
        {
            return;
        }
        try
        {
            RunAsync(async (narrate, cancel) =>
            {
                narrate($"Revoking authentication {session.ReferenceNumber} at KSeF.");
                await session.DisconnectAsync(cancel).ConfigureAwait(false);
                return 0;
            });
        }
        catch (KsefException e)
        {
            // The session is closed locally whatever KSeF answered; say what the server did not confirm.
            WriteKsefError(e);
        }
        finally
        {
            CurrentSession.Forget(session);
        }
        WriteVerbose($"Disconnected {session}.");
    }
}
