using System.Management.Automation;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Permissions;

/// <summary>KSeF TEST only: a person whose PESEL is linked to a NIP, so that a PESEL certificate logs in as that NIP's owner.</summary>
[Cmdlet(VerbsCommon.New, "KsefTestPerson", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class NewKsefTestPersonCommand : TestDataCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Pesel { get; set; }

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Nip { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public SwitchParameter Bailiff { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Description { get; set; } = "KsefPS test person";

    protected override void ProcessRecord()
    {
        var testData = TestData();
        if (ShouldProcess(Pesel!, $"Create a KSeF TEST person linked to NIP {Nip}{(Bailiff ? " (a bailiff)" : "")}"))
        {
            PerItem(() => RunAsync(async (_, cancel) =>
            {
                await testData.AddPersonAsync(Nip!, Pesel!, Bailiff, Description, cancel).ConfigureAwait(false);
                return 0;
            }));
        }
    }
}
