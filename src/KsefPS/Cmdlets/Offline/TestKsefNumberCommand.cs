using System.Management.Automation;
using KsefPS.Core.Offline;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Offline;

[Cmdlet(VerbsDiagnostic.Test, "KsefNumber")]
[OutputType(typeof(bool))]
public sealed class TestKsefNumberCommand : KsefCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string[] KsefNumber { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var number in KsefNumber)
        {
            WriteObject(Core.Identifiers.KsefNumber.IsValid(number));
        }
    }
}
