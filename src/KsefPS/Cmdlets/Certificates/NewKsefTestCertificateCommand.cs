using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Pkcs11;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Certificates;

[Cmdlet(VerbsCommon.New, "KsefTestCertificate", DefaultParameterSetName = PersonalNip, SupportsShouldProcess = true)]
[OutputType(typeof(StoredCertificate))]
public sealed class NewKsefTestCertificateCommand : StoreCmdlet
{
    private const string PersonalNip = "PersonalNip";
    private const string PersonalPesel = "PersonalPesel";
    private const string Seal = "Seal";
    private const string PeppolSeal = "PeppolProvider";

    [Parameter(Mandatory = true, ParameterSetName = PersonalNip)]
    [Parameter(Mandatory = true, ParameterSetName = PersonalPesel)]
    [ValidateNotNullOrEmpty]
    public string GivenName { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = PersonalNip)]
    [Parameter(Mandatory = true, ParameterSetName = PersonalPesel)]
    [ValidateNotNullOrEmpty]
    public string Surname { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = PersonalNip)]
    [Parameter(Mandatory = true, ParameterSetName = Seal)]
    [ValidateNotNullOrEmpty]
    public string Nip { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = PersonalPesel)]
    [ValidateNotNullOrEmpty]
    public string Pesel { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = Seal)]
    [Parameter(Mandatory = true, ParameterSetName = PeppolSeal)]
    [ValidateNotNullOrEmpty]
    public string OrganizationName { get; set; } = "";

    /// <summary>A Peppol service provider's seal: the id becomes its common name and organizationIdentifier.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PeppolSeal)]
    [ValidateNotNullOrEmpty]
    public string PeppolId { get; set; } = "";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CommonName { get; set; }

    [Parameter]
    public KeyAlgorithm KeyAlgorithm { get; set; } = KeyAlgorithm.EcP256;

    [Parameter]
    [ValidateRange(1, 3650)]
    public int ValidDays { get; set; } = 730;

    [Parameter]
    [UsageTransformation]
    public CertificateUsage Usage { get; set; } = CertificateUsage.Authentication;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>Make the key pair on a PKCS#11 token (never extractable) instead of in the store; the certificate is written beside it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Pkcs11Library { get; set; }

    [Parameter]
    public string? TokenLabel { get; set; }

    [Parameter]
    public string? TokenSerial { get; set; }

    [Parameter]
    public SecureString? Pin { get; set; }

    [Parameter]
    public SwitchParameter SavePin { get; set; }

    protected override void ProcessRecord()
    {
        var request = new TestCertificateRequest
        {
            GivenName = ParameterSetName is Seal or PeppolSeal ? null : GivenName,
            Surname = ParameterSetName is Seal or PeppolSeal ? null : Surname,
            Nip = ParameterSetName is PersonalPesel or PeppolSeal ? null : Nip,
            Pesel = ParameterSetName == PersonalPesel ? Pesel : null,
            OrganizationName = ParameterSetName is Seal or PeppolSeal ? OrganizationName : null,
            PeppolId = ParameterSetName == PeppolSeal ? PeppolId : null,
            CommonName = CommonName,
            KeyAlgorithm = KeyAlgorithm,
            Usage = Usage,
            ValidDays = ValidDays,
        };
        var subject = Terminating(() => TestCertificateFactory.BuildSubject(request));
        var keyPlace = Pkcs11Library is null ? "store its private key" : $"make its key on the token in {Pkcs11Library}";
        if (!ShouldProcess(subject.Name, $"Create a self-signed {KeyAlgorithm} {Usage} test certificate and {keyPlace}"))
        {
            return;
        }
        using var store = OpenStore();
        if (Pkcs11Library is not null)
        {
            WriteObject(Terminating(() => OnToken(store, request, subject)));
            return;
        }
        WriteVerbose($"Generating a key pair ({KeyAlgorithm}) for {subject.Name}.");
        using var keyed = TestCertificateFactory.Create(request);
        var entry = Terminating(() => WithStoreKey(store, () => store.AddCertificate(keyed, Name, Usage, KsefEnvironment.Test)));
        WriteVerbose($"Stored as '{entry.Name}' (Test, {Usage}).");
        WriteObject(entry);
    }

    private StoredCertificate OnToken(KsefStore store, TestCertificateRequest request, X500DistinguishedName subject)
    {
        var library = LibraryPath(Pkcs11Library!);
        var pin = TokenPin(Pin, $"the token '{TokenLabel ?? TokenSerial ?? library}'");
        var pinToSave = PinToSave(pin, SavePin);
        try
        {
            WriteVerbose($"Generating a key pair ({KeyAlgorithm}) on the token for {subject.Name}.");
            using var generated = Pkcs11KeyPairs.Generate(library, TokenLabel, TokenSerial, KeyAlgorithm, Name ?? "KsefPS test " + Guid.NewGuid().ToString("N")[..8], pin);
            using var certificate = TestCertificateFactory.SelfSigned(request, generated.Key);
            if (!generated.WriteCertificate(certificate))
            {
                WriteWarning("The token did not take the certificate; the store keeps it beside the reference to the key.");
            }
            using var keyed = new KeyedCertificate(new X509Certificate2(certificate.RawData), generated.Key);
            var save = pinToSave;
            var entry = save.Length > 0
                ? WithStoreKey(store, () => store.AddCertificateReference(keyed, Name, Usage, KsefEnvironment.Test, KeySource.Pkcs11, generated.Reference.ToUri(), save))
                : store.AddCertificateReference(keyed, Name, Usage, KsefEnvironment.Test, KeySource.Pkcs11, generated.Reference.ToUri());
            WriteVerbose($"Stored as '{entry.Name}' (Test, {Usage}); the key is the {generated.Reference.Describe()}.");
            return entry;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(pinToSave);
        }
    }
}
