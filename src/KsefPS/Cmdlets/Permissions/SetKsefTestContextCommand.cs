using System.Management.Automation;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Permissions;

/// <summary>
/// KSeF TEST only: switches of a test context — whether it may send invoices with attachments (the consent real
/// taxpayers give in e-Urząd Skarbowy), and whether authentication in it is blocked (status 480).
/// </summary>
[Cmdlet(VerbsCommon.Set, "KsefTestContext", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class SetKsefTestContextCommand : TestDataCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Nip { get; set; }

    [Parameter]
    public bool? AttachmentsAllowed { get; set; }

    [Parameter]
    public bool? Blocked { get; set; }

    protected override void ProcessRecord()
    {
        var testData = TestData();
        if (AttachmentsAllowed is { } allowed && ShouldProcess(Nip!, allowed ? "Allow invoices with attachments (KSeF TEST)" : "Refuse invoices with attachments (KSeF TEST)"))
        {
            PerItem(() => RunAsync(async (_, cancel) =>
            {
                await testData.SetAttachmentsAsync(Nip!, allowed, cancel).ConfigureAwait(false);
                return 0;
            }));
        }
        if (Blocked is { } blocked && ShouldProcess(Nip!, blocked ? "Block authentication in the context (KSeF TEST)" : "Unblock authentication in the context (KSeF TEST)"))
        {
            PerItem(() => RunAsync(async (_, cancel) =>
            {
                await testData.SetBlockedAsync(Nip!, blocked, cancel).ConfigureAwait(false);
                return 0;
            }));
        }
    }
}
