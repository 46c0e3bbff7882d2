using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Pkcs11;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Certificates;

[Cmdlet(VerbsCommon.Add, "KsefCertificate", DefaultParameterSetName = ByPath, SupportsShouldProcess = true)]
[OutputType(typeof(StoredCertificate))]
public sealed class AddKsefCertificateCommand : StoreCmdlet, IDisposable
{
    private const string ByPath = "Path";
    private const string ByLiteralPath = "LiteralPath";
    private const string ByCertificate = "Certificate";
    private const string ByThumbprint = "Thumbprint";
    private const string ByPkcs11 = "Pkcs11";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByPath, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = ByLiteralPath, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = ByCertificate, ValueFromPipeline = true)]
    public X509Certificate2? Certificate { get; set; }

    /// <summary>A certificate in the operating system's personal store whose key stays there: the entry keeps a reference.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByThumbprint)]
    [ValidateNotNullOrEmpty]
    public string? Thumbprint { get; set; }

    [Parameter(ParameterSetName = ByThumbprint)]
    public System.Security.Cryptography.X509Certificates.StoreLocation StoreLocation { get; set; } = System.Security.Cryptography.X509Certificates.StoreLocation.CurrentUser;

    /// <summary>A key on a PKCS#11 token (smart card, USB token, HSM): the library that speaks to it, a full path.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByPkcs11, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Pkcs11Library { get; set; }

    [Parameter(ParameterSetName = ByPkcs11, ValueFromPipelineByPropertyName = true)]
    public string? TokenLabel { get; set; }

    [Parameter(ParameterSetName = ByPkcs11, ValueFromPipelineByPropertyName = true)]
    public string? TokenSerial { get; set; }

    [Parameter(ParameterSetName = ByPkcs11, ValueFromPipelineByPropertyName = true)]
    public string? KeyLabel { get; set; }

    /// <summary>The key's CKA_ID in hexadecimal, as Get-KsefPkcs11Certificate shows it.</summary>
    [Parameter(ParameterSetName = ByPkcs11, ValueFromPipelineByPropertyName = true)]
    public string? KeyId { get; set; }

    /// <summary>The certificate as a file, for a token that holds only the key.</summary>
    [Parameter(ParameterSetName = ByPkcs11)]
    [ValidateNotNullOrEmpty]
    public string? CertificatePath { get; set; }

    [Parameter(ParameterSetName = ByPkcs11)]
    public SecureString? Pin { get; set; }

    /// <summary>Seal the PIN in the store with the entry, for scheduled tasks and runbooks nobody types into.</summary>
    [Parameter(ParameterSetName = ByPkcs11)]
    public SwitchParameter SavePin { get; set; }

    [Parameter(ParameterSetName = ByPath)]
    [Parameter(ParameterSetName = ByLiteralPath)]
    public SecureString? Password { get; set; }

    [Parameter(ParameterSetName = ByPath)]
    [Parameter(ParameterSetName = ByLiteralPath)]
    [ValidateNotNullOrEmpty]
    public string? KeyPath { get; set; }

    [Parameter(ParameterSetName = ByPath)]
    [Parameter(ParameterSetName = ByLiteralPath)]
    public SecureString? KeyPassword { get; set; }

    [Parameter]
    [UsageTransformation]
    public CertificateUsage? Usage { get; set; }

    [Parameter]
    public KsefEnvironment Environment { get; set; } = KsefEnvironment.Test;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    private KsefStore? _store;

    protected override void BeginProcessing() => _store = OpenStore();

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByCertificate)
        {
            PerItem(() => Add(() => CertificateFileReader.FromCertificate(Certificate!), Certificate!.Subject));
            return;
        }
        if (ParameterSetName == ByThumbprint)
        {
            PerItem(() =>
            {
                var reference = OsCertificateStore.Reference(StoreLocation, Thumbprint!);
                Add(() => OsCertificateStore.OpenKeyed(reference, reference), reference, (KeySource.CertificateStore, reference));
            });
            return;
        }
        if (ParameterSetName == ByPkcs11)
        {
            PerItem(AddFromToken);
            return;
        }
        foreach (var file in ResolveFiles())
        {
            var keyPath = KeyPath is null ? null : ResolvePath(KeyPath);
            PerItem(() => Add(() => CertificateFileReader.Read(file, Password, keyPath, KeyPassword), file));
        }
    }

    /// <summary>PowerShell disposes the cmdlet when the pipeline ends, also when it was stopped or failed.</summary>
    public void Dispose() => _store?.Dispose();

    private void AddFromToken()
    {
        var reference = new Pkcs11KeyReference(LibraryPath(Pkcs11Library!), TokenLabel, TokenSerial, KeyIdBytes(), KeyLabel);
        var what = reference.Describe();
        var pin = TokenPin(Pin, what);
        var pinToSave = PinToSave(pin, SavePin);
        try
        {
            using var file = CertificatePath is null ? null : CertificateFileReader.ReadPublic(ResolvePath(CertificatePath));
            Add(() => Pkcs11Keys.Open(reference, file, pin, what), what, (KeySource.Pkcs11, reference.ToUri()), pinToSave);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(pinToSave);
        }
    }

    private byte[]? KeyIdBytes()
    {
        var hex = KeyId?.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        return string.IsNullOrEmpty(hex) ? null
            : hex.Length % 2 == 0 && hex.All(Uri.IsHexDigit) ? Convert.FromHexString(hex)
            : throw new KsefException(ErrorIds.Pkcs11ReferenceInvalid, KsefErrorKind.InvalidArgument,
                $"-KeyId '{KeyId}' is not hexadecimal bytes (Get-KsefPkcs11Certificate shows each key's id).", KeyId);
    }

    /// <summary>Stores what <paramref name="read"/> gives: the key sealed in the store, or only <paramref name="keyReference"/> to where it stays.</summary>
    private void Add(Func<KeyedCertificate> read, string source, (KeySource Source, string Reference)? keyReference = null, byte[]? pinToSave = null)
    {
        using var keyed = read();
        var certificate = keyed.Certificate;
        var usage = Usage ?? InferUsage(certificate);
        if (CertificateRules.RefusedIn(Environment, certificate) && !Force)
        {
            throw new KsefException(ErrorIds.CertificateSelfSignedRefused, KsefErrorKind.InvalidArgument,
                $"'{certificate.Subject}' is self-signed; KSeF {Environment} refuses self-signed certificates. Use -Force to store it anyway.", source);
        }
        WarnAboutValidity(certificate, usage);
        var what = keyReference is null ? "its private key" : $"a reference to its private key ({keyReference.Value.Reference})"
            + (pinToSave is { Length: > 0 } ? " and the token's PIN" : "");
        if (!ShouldProcess(certificate.Subject, $"Store the certificate and {what} for {usage} in {Environment}"))
        {
            return;
        }
        var entry = keyReference is null
            ? WithStoreKey(_store!, () => _store!.AddCertificate(keyed, Name, usage, Environment))
            : pinToSave is { Length: > 0 }
                ? WithStoreKey(_store!, () => _store!.AddCertificateReference(keyed, Name, usage, Environment, keyReference.Value.Source, keyReference.Value.Reference, pinToSave))
                : _store!.AddCertificateReference(keyed, Name, usage, Environment, keyReference.Value.Source, keyReference.Value.Reference);
        WriteVerbose($"Stored '{entry.Name}' ({entry.KeyAlgorithm}, {usage}, {Environment}) from {source}.");
        WriteObject(entry);
    }

    private CertificateUsage InferUsage(X509Certificate2 certificate)
    {
        var usage = CertificateRules.LooksOffline(certificate) ? CertificateUsage.Offline : CertificateUsage.Authentication;
        WriteVerbose($"No -Usage given: storing for {usage} (from the certificate's key usage).");
        return usage;
    }

    private void WarnAboutValidity(X509Certificate2 certificate, CertificateUsage usage)
    {
        var now = DateTime.Now;
        if (certificate.NotAfter < now)
        {
            WriteWarning(FormattableString.Invariant($"The certificate '{certificate.Subject}' expired on {certificate.NotAfter:yyyy-MM-dd}."));
        }
        else if (certificate.NotBefore > now)
        {
            WriteWarning(FormattableString.Invariant($"The certificate '{certificate.Subject}' is not valid before {certificate.NotBefore:yyyy-MM-dd HH:mm}."));
        }
        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault()?.KeyUsages;
        if (keyUsage is not { } flags)
        {
            return;
        }
        if (usage == CertificateUsage.Offline && !flags.HasFlag(X509KeyUsageFlags.NonRepudiation))
        {
            WriteWarning($"The certificate's key usage ({flags}) lacks nonRepudiation, which KSeF Offline certificates carry.");
        }
        if (usage == CertificateUsage.Authentication && !flags.HasFlag(X509KeyUsageFlags.DigitalSignature))
        {
            WriteWarning($"The certificate's key usage ({flags}) lacks digitalSignature, which KSeF Authentication certificates carry.");
        }
    }

    private IEnumerable<string> ResolveFiles() =>
        ParameterSetName == ByLiteralPath ? ResolveInputFiles(LiteralPath, literal: true, ErrorIds.CertificateFileNotFound) : ResolveInputFiles(Path, literal: false, ErrorIds.CertificateFileNotFound);
}
