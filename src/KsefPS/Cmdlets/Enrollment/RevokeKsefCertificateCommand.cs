using System.Management.Automation;
using KsefPS.Core.Certificates.Enrollment;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Enrollment;

[Cmdlet("Revoke", "KsefCertificate", DefaultParameterSetName = BySerial, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RevokeKsefCertificateCommand : SessionCmdlet
{
    private const string BySerial = "SerialNumber";
    private const string ByEntry = "InputObject";

    /// <summary>The KSeF serial number (16 hex); also from the pipeline by property name (Get-KsefIssuedCertificate).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = BySerial, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(StoredSerialNumberCompleter))]
    [ValidateNotNullOrEmpty]
    public string SerialNumber { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = ByEntry, ValueFromPipeline = true)]
    public StoredCertificate? InputObject { get; set; }

    [Parameter]
    public RevocationReason? Reason { get; set; }

    protected override void ProcessRecord()
    {
        string serial;
        try
        {
            serial = KsefCertificateSerial.Require(InputObject?.SerialNumber ?? SerialNumber);
        }
        catch (KsefException e)
        {
            WriteKsefError(e); // one bad serial in a pipeline; the others are still revoked
            return;
        }
        var session = RequireSession();
        var label = InputObject is null ? serial : $"{InputObject.Name} ({serial})";
        if (!ShouldProcess(label, "Revoke the certificate at KSeF (irreversible)"))
        {
            return;
        }
        using var store = OpenStore(InputObject is not null && StorePath is null ? InputObject.StorePath : null);
        var path = store.Path;
        PerItem(() => RunAsync(async (narrate, cancel) =>
        {
            narrate($"Revoking certificate {serial} at KSeF" + (Reason is null ? "." : $" ({Reason})."));
            await new KsefCertificateEnrollment(session, path, narrate).RevokeAsync(serial, Reason?.ToString(), cancel).ConfigureAwait(false);
            return 0;
        }));
    }
}
