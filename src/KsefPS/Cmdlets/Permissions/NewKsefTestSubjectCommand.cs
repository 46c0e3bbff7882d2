using System.Management.Automation;
using KsefPS.Core.Permissions;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Permissions;

/// <summary>KSeF TEST only: a test subject with a role (EnforcementAuthority) or with subunits (a VAT group, a local government unit).</summary>
[Cmdlet(VerbsCommon.New, "KsefTestSubject", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class NewKsefTestSubjectCommand : TestDataCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Nip { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public TestSubjectType SubjectType { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[] Subunit { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Description { get; set; } = "KsefPS test subject";

    protected override void ProcessRecord()
    {
        var testData = TestData();
        var subunits = Subunit.Length == 0 ? "" : $" with subunits {string.Join(", ", Subunit)}";
        if (ShouldProcess(Nip!, $"Create a KSeF TEST subject of type {SubjectType}{subunits}"))
        {
            PerItem(() => RunAsync(async (_, cancel) =>
            {
                await testData.AddSubjectAsync(Nip!, SubjectType, Description, Subunit, cancel).ConfigureAwait(false);
                return 0;
            }));
        }
    }
}
