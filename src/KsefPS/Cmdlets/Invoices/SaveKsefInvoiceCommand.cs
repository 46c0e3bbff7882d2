using System.Management.Automation;
using KsefPS.Core.Invoices;
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

    protected override void ProcessRecord()
    {
        var directory = ResolvePath(OutputDirectory);
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
                var expected = KsefNumber.Length == 1 ? Hash : null;
                var saved = RunAsync((narrate, cancel) => InvoiceDownloader.SaveAsync(session, number, expected, directory, cancel));
                WriteVerbose(saved.Skipped ? $"{number}: already saved and matching." : $"{number}: saved to {saved.Path}.");
                WriteObject(saved);
            });
        }
    }
}
