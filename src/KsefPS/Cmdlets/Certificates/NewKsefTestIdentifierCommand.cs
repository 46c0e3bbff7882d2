using System.Management.Automation;
using KsefPS.Core.Identifiers;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Certificates;

[Cmdlet(VerbsCommon.New, "KsefTestIdentifier")]
[OutputType(typeof(string))]
public sealed class NewKsefTestIdentifierCommand : KsefCmdlet
{
    [Parameter(Position = 0)]
    public TestIdentifierType Type { get; set; } = TestIdentifierType.Nip;

    [Parameter]
    [ValidateRange(1, 100_000)]
    public int Count { get; set; } = 1;

    protected override void ProcessRecord()
    {
        for (var i = 0; i < Count; i++)
        {
            WriteObject(Type switch
            {
                TestIdentifierType.Pesel => Pesel.NewRandom(),
                TestIdentifierType.PeppolId => PeppolId.NewRandom(),
                _ => Nip.NewRandom(),
            });
        }
    }
}
