using System.Management.Automation;
using KsefPS.Core.Errors;
using KsefPS.Core.Sessions;

namespace KsefPS.Infrastructure;

/// <summary>A cmdlet that talks to KSeF over a session: -Session, else the runspace's current session.</summary>
public abstract class SessionCmdlet : StoreCmdlet
{
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public KsefSession? Session { get; set; }

    protected KsefSession RequireSession()
    {
        var session = Session ?? CurrentSession.Get();
        if (session is null)
        {
            ThrowKsefError(new KsefException(ErrorIds.NoSession, KsefErrorKind.InvalidOperation,
                "There is no KSeF session: run Connect-Ksef first, or pass -Session."));
        }
        return session!;
    }
}
