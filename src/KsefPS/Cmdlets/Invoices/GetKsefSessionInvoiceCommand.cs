using System.Management.Automation;
using KsefPS.Core.Invoices;
using KsefPS.Core.Invoices.Sending;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Invoices;

[Cmdlet(VerbsCommon.Get, "KsefSessionInvoice")]
[OutputType(typeof(InvoiceStatus))]
public sealed class GetKsefSessionInvoiceCommand : SessionCmdlet
{
    /// <summary>The sending session; bound by property name from Get-KsefInvoiceSession and Send-KsefInvoice.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string SessionReferenceNumber { get; set; } = "";

    /// <summary>Only the invoices KSeF rejected.</summary>
    [Parameter]
    public SwitchParameter Failed { get; set; }

    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private string? _storePath;

    protected override void ProcessRecord()
    {
        if (!_done.Add(SessionReferenceNumber))
        {
            return; // the results of one run name their session once per invoice
        }
        PerItem(() =>
        {
            // A malformed reference is reported as such, for its item, before anything needs a session.
            Core.Identifiers.ReferenceNumber.Require(SessionReferenceNumber);
            var session = RequireSession();
            // KSeF's list is the answer; the store's journal only names the files, so a store it cannot read stops nothing.
            var files = JournalledFiles.Read(_storePath ??= StoreFilePath(), SessionReferenceNumber, WriteVerbose);
            Stream("Get-KsefSessionInvoice", async (emit, narrate, report, cancel) =>
            {
                var count = 0;
                await foreach (var invoice in SessionResults.InvoicesAsync(session, SessionReferenceNumber, Failed, cancel, narrate).ConfigureAwait(false))
                {
                    emit(files.Attach(invoice));
                    if (++count % 1000 == 0)
                    {
                        report($"{count} invoices of {SessionReferenceNumber}", -1);
                    }
                }
            });
        });
    }
}
