using System.Management.Automation;
using KsefPS.Core.Certificates.Enrollment;
using KsefPS.Core.Identifiers;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Enrollment;

/// <summary>
/// KSeF TEST only: a KSeF certificate of the session's subject ends earlier at KSeF, so that a renewal runbook can be
/// tested against an expiring or expired certificate. Refused (TestOnly) on Demo and Production.
/// </summary>
[Cmdlet(VerbsCommon.Set, "KsefTestCertificate", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class SetKsefTestCertificateCommand : SessionCmdlet
{
    /// <summary>The KSeF serial number (16 hex); also from the pipeline by property name (Get-KsefIssuedCertificate, Get-KsefCertificate).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(StoredSerialNumberCompleter))]
    [ValidateNotNullOrEmpty]
    public string SerialNumber { get; set; } = "";

    [Parameter(Mandatory = true)]
    public DateTimeOffset ValidTo { get; set; }

    // One bad serial in a pipeline is an error for its item; the others are still changed.
    protected override void ProcessRecord() => PerItem(() =>
    {
        var serial = KsefCertificateSerial.Require(SerialNumber);
        var session = RequireSession();
        if (!ShouldProcess(serial, FormattableString.Invariant($"End the certificate at KSeF TEST on {ValidTo:yyyy-MM-dd HH:mm:ss zzz}")))
        {
            return;
        }
        RunAsync(async (narrate, cancel) =>
        {
            narrate($"Moving the end of certificate {serial} at KSeF to {ValidTo.ToUniversalTime():O}.");
            await KsefTestCertificates.ShortenAsync(session, serial, ValidTo, cancel).ConfigureAwait(false);
            return 0;
        });
    });
}
