using System.Management.Automation;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Permissions;

/// <summary>KSeF TEST only: removes a test subject New-KsefTestSubject made, its subunits with it.</summary>
[Cmdlet(VerbsCommon.Remove, "KsefTestSubject", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class RemoveKsefTestSubjectCommand : TestDataCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Nip { get; set; }

    protected override void ProcessRecord()
    {
        var testData = TestData();
        if (ShouldProcess(Nip!, "Remove the KSeF TEST subject (and its subunits)"))
        {
            PerItem(() => RunAsync(async (_, cancel) =>
            {
                await testData.RemoveSubjectAsync(Nip!, cancel).ConfigureAwait(false);
                return 0;
            }));
        }
    }
}
