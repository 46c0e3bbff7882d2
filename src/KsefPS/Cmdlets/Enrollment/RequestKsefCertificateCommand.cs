using System.Management.Automation;
using KsefPS.Core.Certificates;
using KsefPS.Core.Certificates.Enrollment;
using KsefPS.Core.Errors;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Enrollment;

[Cmdlet(VerbsLifecycle.Request, "KsefCertificate", DefaultParameterSetName = New, SupportsShouldProcess = true)]
[OutputType(typeof(StoredCertificate))]
public sealed class RequestKsefCertificateCommand : SessionCmdlet
{
    private const string New = "New";
    private const string Renewal = "Renew";
    private const string Resumption = "Resume";
    private const string Activity = "Request-KsefCertificate";

    [Parameter(Mandatory = true, ParameterSetName = New)]
    [UsageTransformation]
    public CertificateUsage Usage { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = New)]
    [Parameter(ParameterSetName = Renewal)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter(ParameterSetName = New)]
    [Parameter(ParameterSetName = Renewal)]
    public KeyAlgorithm? KeyAlgorithm { get; set; }

    [Parameter(ParameterSetName = New)]
    [Parameter(ParameterSetName = Renewal)]
    public DateTimeOffset? ValidFrom { get; set; }

    /// <summary>The stored certificate to renew: its name or the entry (pipeline).</summary>
    [Parameter(Mandatory = true, ParameterSetName = Renewal, ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(StoredCertificateNameCompleter))]
    [ValidateNotNull]
    public object? Renew { get; set; }

    [Parameter(ParameterSetName = Renewal)]
    public SwitchParameter RevokeOld { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = Resumption)]
    public SwitchParameter Resume { get; set; }

    protected override void ProcessRecord()
    {
        var session = RequireSession();
        var storePath = ResolvedStorePath();
        if (ParameterSetName == Resumption)
        {
            var resumed = Terminating(() => RunAsync(Activity, (narrate, progress, cancel) =>
                new KsefCertificateEnrollment(session, storePath, narrate, progress).ResumeAsync(cancel)));
            WriteObject(resumed, enumerateCollection: true);
            return;
        }

        var old = ParameterSetName == Renewal ? Terminating(() => CertificateToRenew(storePath)) : null;
        var usage = old?.Usage ?? Usage;
        var name = Name ?? $"{old!.Name}-{DateTime.UtcNow:yyyyMMdd}";
        var algorithm = KeyAlgorithm ?? (old?.KeyAlgorithm.StartsWith("RSA", StringComparison.Ordinal) == true
            ? Core.Certificates.KeyAlgorithm.Rsa2048 : Core.Certificates.KeyAlgorithm.EcP256);
        if (old is not null && old.Environment != session.Environment)
        {
            ThrowKsefError(new KsefException(ErrorIds.CertificateEnvironmentWrong, KsefErrorKind.InvalidArgument,
                $"'{old.Name}' is a {old.Environment} certificate; the session is connected to {session.Environment}.", old.Name));
        }
        var alsoRevoke = old is not null && RevokeOld ? $", then revoke '{old.Name}' ({old.SerialNumber}) at KSeF" : "";
        if (!ShouldProcess(session.Subject, $"Request a KSeF {usage} certificate '{name}' ({algorithm}){alsoRevoke}"))
        {
            return;
        }
        var stored = Terminating(() => RunAsync(Activity, (narrate, progress, cancel) =>
            new KsefCertificateEnrollment(session, storePath, narrate, progress).RequestAsync(name, usage, algorithm, ValidFrom, cancel)));
        WriteObject(stored);

        if (old is not null && RevokeOld && ShouldProcess($"{old.Name} ({old.SerialNumber})", "Revoke the renewed certificate at KSeF"))
        {
            PerItem(() => RunAsync(async (narrate, cancel) =>
            {
                narrate($"Revoking the old certificate {old.SerialNumber} (superseded by {stored.SerialNumber}).");
                await new KsefCertificateEnrollment(session, storePath, narrate).RevokeAsync(old.SerialNumber, "Superseded", cancel).ConfigureAwait(false);
                return 0;
            }));
        }
    }

    private string ResolvedStorePath()
    {
        using var store = OpenStore();
        return store.Path;
    }

    private StoredCertificate CertificateToRenew(string storePath)
    {
        var value = Renew is PSObject ps ? ps.BaseObject : Renew;
        if (value is StoredCertificate entry)
        {
            return entry;
        }
        using var store = KsefStore.Open(storePath);
        return CertificateSelection.ByExactName(store, value?.ToString() ?? "");
    }
}
