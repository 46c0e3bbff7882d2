using System.Management.Automation;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Permissions;

/// <summary>KSeF TEST only: removes the test person New-KsefTestPerson linked to a NIP; KSeF takes back its permissions.</summary>
[Cmdlet(VerbsCommon.Remove, "KsefTestPerson", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class RemoveKsefTestPersonCommand : TestDataCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Nip { get; set; }

    protected override void ProcessRecord()
    {
        var testData = TestData();
        if (ShouldProcess(Nip!, "Remove the KSeF TEST person linked to this NIP (and every permission it had)"))
        {
            PerItem(() => RunAsync(async (_, cancel) =>
            {
                await testData.RemovePersonAsync(Nip!, cancel).ConfigureAwait(false);
                return 0;
            }));
        }
    }
}
