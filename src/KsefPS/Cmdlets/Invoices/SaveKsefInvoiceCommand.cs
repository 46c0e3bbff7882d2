using System.Management.Automation;
using KsefPS.Core.Invoices;
using KsefPS.Core.Security;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Invoices;

[Cmdlet(VerbsData.Save, "KsefInvoice", SupportsShouldProcess = true)]
[OutputType(typeof(SavedInvoice))]
public sealed class SaveKsefInvoiceCommand : SessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] KsefNumber { get; set; } = [];

    /// <summary>The SHA-256 (Base64) the invoice must have; bound from Get-KsefInvoice results.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Hash { get; set; }

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string OutputDirectory { get; set; } = "";

    /// <summary>
    /// limity-api.md: one request per invoice is KSeF's most limited path (by default 16 a minute, 64 an hour) and meant
    /// for low volumes; past a minute's worth, the caller hears that exports are the way for more.
    /// </summary>
    private const int SingleDownloadsPerMinute = 16;

    private int _downloads;
    private string? _directory;
    private bool _folderMade;

    protected override void ProcessRecord()
    {
        var directory = _directory ??= ResolveOutputDirectory(OutputDirectory); // once a run, not for every number piped in
        foreach (var number in KsefNumber)
        {
            PerItem(() =>
            {
                // A typo is reported as one before anything needs a session.
                Core.Identifiers.KsefNumber.Require(number);
                if (!ShouldProcess(number, $"Download the invoice into {directory}"))
                {
                    return;
                }
                var session = RequireSession();
                if (!_folderMade)
                {
                    // Before the first download: a folder that cannot be made stops the run once, not after every download.
                    Terminating(() => OutputFolder.Ensure(directory));
                    _folderMade = true;
                }
                if (++_downloads == SingleDownloadsPerMinute + 1)
                {
                    WriteWarning($"More than {SingleDownloadsPerMinute} invoices, one request each: KSeF limits single downloads most (by default " +
                        $"{SingleDownloadsPerMinute} a minute and 64 an hour), so this run is paced and may wait for the hour to pass. For many invoices " +
                        "Sync-KsefInvoice downloads export packages of up to 10,000 at once.");
                }
                var expected = KsefNumber.Length == 1 ? Hash : null;
                var saved = RunAsync((narrate, cancel) => InvoiceDownloader.SaveAsync(session, number, expected, directory, cancel));
                WriteVerbose(saved.Skipped ? $"{number}: already saved and matching." : $"{number}: saved to {saved.Path}.");
                WriteObject(saved);
            });
        }
    }
}
