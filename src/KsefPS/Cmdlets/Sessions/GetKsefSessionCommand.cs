using System.Management.Automation;
using KsefPS.Core.Sessions;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Sessions;

[Cmdlet(VerbsCommon.Get, "KsefSession")]
[OutputType(typeof(KsefSession))]
public sealed class GetKsefSessionCommand : KsefCmdlet
{
    /// <summary>Every session opened in this runspace and not disconnected, not only the current one.</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    protected override void EndProcessing()
    {
        if (All)
        {
            WriteObject(CurrentSession.All(), enumerateCollection: true);
        }
        else if (CurrentSession.Get() is { } current)
        {
            WriteObject(current);
        }
    }
}
