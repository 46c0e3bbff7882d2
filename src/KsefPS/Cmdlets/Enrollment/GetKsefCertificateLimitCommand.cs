using System.Management.Automation;
using KsefPS.Core.Certificates.Enrollment;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Enrollment;

[Cmdlet(VerbsCommon.Get, "KsefCertificateLimit")]
[OutputType(typeof(CertificateLimits))]
public sealed class GetKsefCertificateLimitCommand : SessionCmdlet
{
    protected override void EndProcessing()
    {
        var session = RequireSession();
        using var store = OpenStore();
        var path = store.Path;
        WriteObject(Terminating(() => RunAsync((narrate, cancel) => new KsefCertificateEnrollment(session, path, narrate).LimitsAsync(cancel))));
    }
}
