using System.Management.Automation;
using KsefPS.Core.Environments;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Environments;

[Cmdlet(VerbsCommon.Get, "KsefEnvironment")]
[OutputType(typeof(KsefEnvironmentInfo))]
public sealed class GetKsefEnvironmentCommand : KsefCmdlet
{
    [Parameter(Position = 0)]
    public KsefEnvironment[]? Environment { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var info in KsefEnvironmentInfo.All)
        {
            if (Environment is null || Environment.Contains(info.Environment))
            {
                WriteObject(info);
            }
        }
    }
}
