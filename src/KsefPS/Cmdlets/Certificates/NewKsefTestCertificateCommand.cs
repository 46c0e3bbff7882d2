using System.Management.Automation;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
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
    [ValidateNotNullOrEmpty]
    public string OrganizationName { get; set; } = "";

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

    protected override void ProcessRecord()
    {
        var request = new TestCertificateRequest
        {
            GivenName = ParameterSetName == Seal ? null : GivenName,
            Surname = ParameterSetName == Seal ? null : Surname,
            Nip = ParameterSetName == PersonalPesel ? null : Nip,
            Pesel = ParameterSetName == PersonalPesel ? Pesel : null,
            OrganizationName = ParameterSetName == Seal ? OrganizationName : null,
            CommonName = CommonName,
            KeyAlgorithm = KeyAlgorithm,
            Usage = Usage,
            ValidDays = ValidDays,
        };
        var subject = Terminating(() => TestCertificateFactory.BuildSubject(request));
        if (!ShouldProcess(subject.Name, $"Create a self-signed {KeyAlgorithm} {Usage} test certificate and store its private key"))
        {
            return;
        }
        using var store = OpenStore();
        WriteVerbose($"Generating a {KeyAlgorithm} key pair for {subject.Name}.");
        using var keyed = TestCertificateFactory.Create(request);
        var entry = Terminating(() => WithStoreKey(store, () => store.AddCertificate(keyed, Name, Usage, KsefEnvironment.Test)));
        WriteVerbose($"Stored as '{entry.Name}' (Test, {Usage}).");
        WriteObject(entry);
    }
}
