using System.Management.Automation;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Offline;
using KsefPS.Core.Status;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Offline;

[Cmdlet(VerbsCommon.Get, "KsefOfflineInvoice")]
[OutputType(typeof(OfflineInvoice))]
public sealed class GetKsefOfflineInvoiceCommand : StoreCmdlet
{
    /// <summary>Include invoices already sent (with their KSeF numbers).</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    /// <summary>Only invoices whose deadline has passed.</summary>
    [Parameter]
    public SwitchParameter Overdue { get; set; }

    /// <summary>Ask Latarnia for its announcements first and move the deadlines they move (a failure's end, a total failure).</summary>
    [Parameter]
    public SwitchParameter Refresh { get; set; }

    /// <summary>With -Refresh: another status service than the environment's Latarnia (a session to the emulator asks the emulator).</summary>
    [Parameter]
    public Uri? StatusUrl { get; set; }

    [Parameter]
    [TimeoutTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    protected override void EndProcessing()
    {
        if (StatusUrl is not null)
        {
            _ = Terminating(() => Core.Api.ServiceUrl.Require(StatusUrl, "the status service's address")); // even with nothing queued to refresh
        }
        using var store = OpenStoreToRead();
        if (store is null)
        {
            return;
        }
        if (Refresh)
        {
            var queued = store.ListOfflineInvoices();
            foreach (var group in queued.GroupBy(i => i.Environment))
            {
                var session = CurrentSession.Get();
                var url = StatusUrl ?? KsefEnvironmentInfo.StatusUrlFor(group.Key, session?.Environment == group.Key ? session.ApiUrl : null);
                var report = Terminating(() => RunAsync((_, cancel) => KsefStatusReader.ReadAsync(group.Key.ToString(), url, Timeout, cancel)));
                if (report.Status == KsefStatusReport.Unknown)
                {
                    WriteWarning($"[{ErrorIds.KsefStatusUnknown}] KSeF {group.Key}'s status service could not say what was announced ({report.Reason}); the deadlines stay as they were.");
                    continue;
                }
                var moved = OfflineQueueRefresh.Apply(store, group, KsefOutage.From(report.Messages), OfflineQueueRefresh.PolishToday());
                WriteVerbose($"KSeF {group.Key}: {report.Status}; {moved.Count} of {group.Count()} deadlines moved.");
                foreach (var invoice in moved)
                {
                    WriteVerbose(FormattableString.Invariant($"'{invoice.Path}' ({invoice.InvoiceNumber}): now due by {invoice.Deadline:yyyy-MM-dd}. {invoice.DeadlineReason}"));
                }
            }
        }
        foreach (var invoice in store.ReadOfflineInvoices(All))
        {
            if (!Overdue || invoice.Overdue)
            {
                WriteObject(invoice);
            }
        }
    }
}
