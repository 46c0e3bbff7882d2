using System.Management.Automation;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Certificates;

[Cmdlet(VerbsCommon.Get, "KsefCertificate", DefaultParameterSetName = ByName)]
[OutputType(typeof(StoredCertificate))]
public sealed class GetKsefCertificateCommand : StoreCmdlet
{
    private const string ByName = "Name";
    private const string ByThumbprint = "Thumbprint";

    [Parameter(Position = 0, ParameterSetName = ByName, ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(StoredCertificateNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ByThumbprint)]
    [Alias("Fingerprint", "SerialNumber")]
    [ValidateNotNullOrEmpty]
    public string[] Thumbprint { get; set; } = [];

    [Parameter]
    public KsefEnvironment[]? Environment { get; set; }

    [Parameter]
    [UsageTransformation]
    public CertificateUsage[]? Usage { get; set; }

    [Parameter]
    [ValidateRange(0, 36500)]
    public int? ExpiringWithin { get; set; }

    private IReadOnlyList<StoredCertificate>? _entries;

    protected override void BeginProcessing()
    {
        using var store = OpenStoreToRead();
        _entries = store is null ? [] : store.ListCertificates().Where(PassesFilters).Select(entry => entry.ProbeKey()).ToList();
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByThumbprint)
        {
            foreach (var thumbprint in Thumbprint)
            {
                Emit(CertificateSelection.ByThumbprint(_entries!, thumbprint), thumbprint, mustMatch: true);
            }
            return;
        }
        if (Name is null)
        {
            WriteObject(_entries, enumerateCollection: true);
            return;
        }
        foreach (var name in Name)
        {
            Emit(CertificateSelection.ByName(_entries!, name), name, !WildcardPattern.ContainsWildcardCharacters(name));
        }
    }

    private void Emit(IEnumerable<StoredCertificate> matches, string query, bool mustMatch)
    {
        var any = false;
        foreach (var entry in matches)
        {
            any = true;
            WriteObject(entry);
        }
        if (!any && mustMatch)
        {
            WriteKsefError(CertificateSelection.NotFound(query));
        }
    }

    private bool PassesFilters(StoredCertificate entry) =>
        (Environment is null || Environment.Contains(entry.Environment))
        && (Usage is null || Usage.Contains(entry.Usage))
        && (ExpiringWithin is null || entry.NotAfter <= DateTimeOffset.UtcNow.AddDays(ExpiringWithin.Value));
}
