using System.Management.Automation;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Certificates;

[Cmdlet(VerbsCommon.Remove, "KsefCertificate", DefaultParameterSetName = ByName, SupportsShouldProcess = true,
    ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveKsefCertificateCommand : StoreCmdlet
{
    private const string ByName = "Name";
    private const string ByThumbprint = "Thumbprint";
    private const string ByInputObject = "InputObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName)]
    [ArgumentCompleter(typeof(StoredCertificateNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = ByThumbprint)]
    [ValidateNotNullOrEmpty]
    public string[] Thumbprint { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = ByInputObject, ValueFromPipeline = true)]
    public StoredCertificate[] InputObject { get; set; } = [];

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByInputObject)
        {
            foreach (var group in InputObject.GroupBy(e => StorePath is null ? e.StorePath : null))
            {
                using var store = OpenStore(group.Key);
                foreach (var entry in group)
                {
                    Remove(store, entry);
                }
            }
            return;
        }
        using var current = OpenStoreToRead(warnWhenMissing: false); // a look-up makes no store
        var entries = current?.ListCertificates() ?? [];
        var chosen = new List<StoredCertificate>();
        foreach (var query in ParameterSetName == ByName ? Name : Thumbprint)
        {
            var matches = ParameterSetName == ByName
                ? CertificateSelection.ByName(entries, query).ToList()
                : CertificateSelection.ByThumbprint(entries, query).ToList();
            if (matches.Count == 0 && (ParameterSetName == ByThumbprint || !WildcardPattern.ContainsWildcardCharacters(query)))
            {
                WriteKsefError(CertificateSelection.NotFound(query));
            }
            chosen.AddRange(matches.Where(m => chosen.All(c => c.Id != m.Id)));
        }
        if (chosen.Count > 1)
        {
            // One question naming how many and which, rather than a prompt per entry that a wildcard made.
            var list = string.Join(", ", chosen.Select(Describe));
            if (!ShouldProcess($"Remove {chosen.Count} certificates and destroy their private keys: {list}.",
                    $"Remove {chosen.Count} certificates and destroy their private keys? {list}.", "Remove-KsefCertificate"))
            {
                return;
            }
            chosen.ForEach(entry => Delete(current!, entry)); // chosen from its list: the store is there
            return;
        }
        chosen.ForEach(entry => Remove(current!, entry));
    }

    private static string Describe(StoredCertificate entry) => $"{entry.Name} ({entry.Usage}, {entry.Environment}, {entry.Subject})";

    private void Remove(KsefStore store, StoredCertificate entry)
    {
        if (ShouldProcess(Describe(entry), "Remove the certificate and destroy its private key"))
        {
            Delete(store, entry);
        }
    }

    private void Delete(KsefStore store, StoredCertificate entry)
    {
        if (!store.RemoveCertificate(entry.Id))
        {
            WriteKsefError(CertificateSelection.NotFound(entry.Name));
            return;
        }
        WriteVerbose($"Removed '{entry.Name}' from {store.Path}.");
        WarnIfWipePending(store);
    }
}
