using System.Management.Automation;
using KsefPS.Core.Permissions;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Permissions;

/// <summary>
/// KSeF TEST only: gives a person or entity permissions in a context as the system does (no owner's session needed),
/// or takes them all back (-Revoke): TEST's /testdata/permissions.
/// </summary>
[Cmdlet(VerbsCommon.Set, "KsefTestPermission", DefaultParameterSetName = ByPesel, SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class SetKsefTestPermissionCommand : TestDataCmdlet
{
    private const string ByPesel = "Pesel";
    private const string ByNip = "Nip";
    private const string ByFingerprint = "Fingerprint";

    /// <summary>The context (a NIP) the permissions are for.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? ContextNip { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ByPesel, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Pesel { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ByNip, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Nip { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Fingerprint { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ListTransformation]
    public KsefPermission[] Permission { get; set; } = [];

    /// <summary>Takes back every test-data permission of the subject in the context instead.</summary>
    [Parameter]
    public SwitchParameter Revoke { get; set; }

    protected override void ProcessRecord() => PerItem(() =>
    {
        var testData = TestData();
        var subject = PermissionSubject.OneOf(Pesel, Nip, Fingerprint, nipControlDigit: false)!; // TEST checks no NIP control digit
        if (!Revoke && Permission.Length == 0)
        {
            ThrowKsefError(new Core.Errors.KsefException(Core.Errors.ErrorIds.PermissionGrantInvalid, Core.Errors.KsefErrorKind.InvalidArgument,
                "Name the permissions to give (-Permission), or take them back with -Revoke."));
        }
        var action = Revoke ? "Take back every test-data permission (KSeF TEST)" : $"Give {string.Join(", ", Permission)} as the system (KSeF TEST)";
        if (ShouldProcess($"{subject} in {ContextNip}", action))
        {
            RunAsync(async (_, cancel) =>
            {
                await testData.SetPermissionsAsync(ContextNip!, subject, Permission.Distinct().ToList(), !Revoke, cancel).ConfigureAwait(false);
                return 0;
            });
        }
    });
}
