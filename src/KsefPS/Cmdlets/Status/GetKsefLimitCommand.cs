using System.Management.Automation;
using KsefPS.Core.Status;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Status;

/// <summary>The limits KSeF applies to the session: its context's session sizes, its subject's certificate counts, and the request rates per group.</summary>
[Cmdlet(VerbsCommon.Get, "KsefLimit")]
[OutputType(typeof(KsefLimitReport))]
public sealed class GetKsefLimitCommand : SessionCmdlet
{
    protected override void ProcessRecord()
    {
        var session = RequireSession();
        WriteObject(Terminating(() => RunAsync((_, cancel) => KsefLimits.ReadAsync(session, cancel))));
    }
}
