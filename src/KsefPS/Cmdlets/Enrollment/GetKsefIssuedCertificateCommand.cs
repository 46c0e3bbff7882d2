using System.Management.Automation;
using KsefPS.Core.Certificates;
using KsefPS.Core.Certificates.Enrollment;
using KsefPS.Core.Identifiers;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Enrollment;

[Cmdlet(VerbsCommon.Get, "KsefIssuedCertificate")]
[OutputType(typeof(IssuedCertificate))]
public sealed class GetKsefIssuedCertificateCommand : SessionCmdlet
{
    /// <summary>Part of the certificate name (KSeF matches "contains").</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SerialNumber { get; set; }

    [Parameter]
    [UsageTransformation]
    public CertificateUsage? Usage { get; set; }

    [Parameter]
    public IssuedCertificateStatus? Status { get; set; }

    protected override void EndProcessing()
    {
        var serial = SerialNumber is null ? null : Terminating(() => KsefCertificateSerial.Require(SerialNumber));
        var session = RequireSession();
        using var store = OpenStore();
        var path = store.Path;
        var filter = new IssuedCertificateFilter(Name, serial, Usage, Status);
        var issued = Terminating(() => RunAsync((narrate, cancel) => new KsefCertificateEnrollment(session, path, narrate).QueryAsync(filter, cancel)));
        WriteObject(issued, enumerateCollection: true);
    }
}
