using System.Management.Automation;
using System.Security;
using KsefPS.Core.Certificates;
using KsefPS.Core.Certificates.Enrollment;
using KsefPS.Core.Errors;
using KsefPS.Core.Pkcs11;
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

    /// <summary>Where the new key pair is made: in this process and sealed in the store, or on a PKCS#11 token it never leaves.</summary>
    [Parameter(ParameterSetName = New)]
    [Parameter(ParameterSetName = Renewal)]
    public KeyStorage? KeyStorage { get; set; }

    [Parameter(ParameterSetName = New)]
    [Parameter(ParameterSetName = Renewal)]
    [ValidateNotNullOrEmpty]
    public string? Pkcs11Library { get; set; }

    [Parameter(ParameterSetName = New)]
    [Parameter(ParameterSetName = Renewal)]
    public string? TokenLabel { get; set; }

    [Parameter(ParameterSetName = New)]
    [Parameter(ParameterSetName = Renewal)]
    public string? TokenSerial { get; set; }

    /// <summary>The token's PIN, for making the key there and for joining the issued certificate with it.</summary>
    [Parameter]
    public SecureString? Pin { get; set; }

    /// <summary>Seal the PIN in the store with the new entry, for unattended use.</summary>
    [Parameter(ParameterSetName = New)]
    [Parameter(ParameterSetName = Renewal)]
    public SwitchParameter SavePin { get; set; }

    protected override void ProcessRecord()
    {
        var session = RequireSession();
        var storePath = ResolvedStorePath();
        if (ParameterSetName == Resumption)
        {
            var resumePin = TokenPinIfPending(storePath);
            var resumed = Terminating(() => RunAsync(Activity, (narrate, progress, cancel) =>
                new KsefCertificateEnrollment(session, storePath, narrate, progress) { TokenPin = resumePin }.ResumeAsync(cancel)));
            WriteObject(resumed, enumerateCollection: true);
            return;
        }

        var old = ParameterSetName == Renewal ? Terminating(() => CertificateToRenew(storePath)) : null;
        var usage = old?.Usage ?? Usage;
        var name = Name ?? FormattableString.Invariant($"{old!.Name}-{DateTime.UtcNow:yyyyMMdd}");
        var algorithm = KeyAlgorithm ?? (old?.KeyAlgorithm.StartsWith("RSA", StringComparison.Ordinal) == true
            ? Core.Certificates.KeyAlgorithm.Rsa2048 : Core.Certificates.KeyAlgorithm.EcP256);
        if (old is not null && old.Environment != session.Environment)
        {
            ThrowKsefError(new KsefException(ErrorIds.CertificateEnvironmentWrong, KsefErrorKind.InvalidArgument,
                $"'{old.Name}' is a {old.Environment} certificate; the session is connected to {session.Environment}.", old.Name));
        }
        var onToken = Terminating(() => TokenPlacement(old, storePath));
        var alsoRevoke = old is not null && RevokeOld ? $", then revoke '{old.Name}' ({old.SerialNumber}) at KSeF" : "";
        var where = onToken is null ? "" : $" with its key made on the token in {onToken.LibraryPath}";
        if (!ShouldProcess(session.Subject, $"Request a KSeF {usage} certificate '{name}' ({algorithm}){where}{alsoRevoke}"))
        {
            return;
        }
        var stored = Terminating(() => RunAsync(Activity, (narrate, progress, cancel) =>
            new KsefCertificateEnrollment(session, storePath, narrate, progress) { TokenPin = onToken?.Pin }
                .RequestAsync(name, usage, algorithm, ValidFrom, cancel, onToken)));
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

    /// <summary>
    /// Where the key is made: -KeyStorage Pkcs11 on the token -Pkcs11Library names; a renewal of a token entry on the
    /// same token by default (its saved PIN, if any, serves the new key and is saved with the new entry).
    /// </summary>
    private TokenKeyPlacement? TokenPlacement(StoredCertificate? old, string storePath)
    {
        var oldToken = old is { KeySource: KeySource.Pkcs11 } ? Pkcs11KeyReference.Parse(old.KeyReference ?? "", old.Name) : null;
        var storage = KeyStorage ?? (oldToken is not null || Pkcs11Library is not null ? Core.Pkcs11.KeyStorage.Pkcs11 : Core.Pkcs11.KeyStorage.Store);
        if (storage == Core.Pkcs11.KeyStorage.Store)
        {
            return Pkcs11Library is null && !SavePin ? null : throw new KsefException(ErrorIds.Pkcs11ReferenceInvalid, KsefErrorKind.InvalidArgument,
                "-Pkcs11Library and -SavePin go with -KeyStorage Pkcs11.");
        }
        var library = Pkcs11Library is not null ? LibraryPath(Pkcs11Library) : oldToken?.LibraryPath ?? throw new KsefException(ErrorIds.Pkcs11ReferenceInvalid,
            KsefErrorKind.InvalidArgument, "-KeyStorage Pkcs11 needs -Pkcs11Library: the PKCS#11 library of the token to make the key on.");
        var sameToken = Pkcs11Library is null && TokenLabel is null && TokenSerial is null;
        var tokenLabel = sameToken ? oldToken?.TokenLabel : TokenLabel;
        var tokenSerial = sameToken ? oldToken?.TokenSerial : TokenSerial;
        var oldSaved = sameToken && old is { PinSaved: true };
        var pin = TokenPin(Pin, $"the token '{tokenLabel ?? tokenSerial ?? library}'", oldSaved);
        if (oldSaved && Pin is null)
        {
            pin = pin.WithSaved(() =>
            {
                using var store = KsefStore.Open(storePath);
                return store.OpenSavedPin(old!);
            });
        }
        return new TokenKeyPlacement(library, tokenLabel, tokenSerial, pin, SavePin || (oldSaved && Pin is null));
    }

    /// <summary>-Resume of an enrollment whose key is on a token joins the certificate with the key there: that may need the PIN.</summary>
    private Pkcs11Pin? TokenPinIfPending(string storePath)
    {
        using var store = KsefStore.Open(storePath);
        return store.ListPendingEnrollments().FirstOrDefault(p => p.KeyReference is not null) is { } pending
            ? TokenPin(Pin, $"the token holding the key of '{pending.Name}'")
            : null;
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
