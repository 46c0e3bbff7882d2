using System.Management.Automation;
using KsefPS.Core.Invoices;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Invoices;

[Cmdlet(VerbsData.Sync, "KsefInvoice", SupportsShouldProcess = true)]
[OutputType(typeof(SyncResult))]
public sealed class SyncKsefInvoiceCommand : SessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string OutputDirectory { get; set; } = "";

    [Parameter]
    [SubjectTypeTransformation]
    public SubjectType SubjectType { get; set; } = SubjectType.Buyer;

    /// <summary>Where the first run starts (later runs start at the stored high-water mark).</summary>
    [Parameter]
    public DateTime Since { get; set; } = DateTime.UtcNow.AddDays(-30);

    /// <summary>How long to wait for another run on the same folder; a bare number means seconds.</summary>
    [Parameter]
    [TimeoutTransformation]
    public TimeSpan? LockTimeout { get; set; }

    /// <summary>The older form of -LockTimeout, in whole seconds; works as it always did.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int LockTimeoutSeconds { get; set; } = 30;

    protected override void EndProcessing()
    {
        var lockTimeout = Duration(nameof(LockTimeout), LockTimeout, nameof(LockTimeoutSeconds), LockTimeoutSeconds, TimeSpan.Zero, TimeSpan.FromDays(1));
        var directory = ResolveOutputDirectory(OutputDirectory);
        var since = Instant(Since);
        RequireOrdered("-Since", since, "now", DateTimeOffset.Now);
        if (!ShouldProcess(directory, $"Download the {SubjectType} invoices KSeF has that are not there yet, and move the stored high-water mark"))
        {
            return;
        }
        var session = RequireSession();
        using var store = OpenStore();
        if (InvoiceSync.TooSoonAfterLast(session, store, SubjectType) is { } sinceLast)
        {
            WriteWarning($"The last sync of {SubjectType} invoices in {session.Context} ended {Math.Max(1, (int)sinceLast.TotalMinutes)} min ago. On production " +
                $"KSeF asks for at most one sync every {InvoiceSync.ShortestProductionInterval.TotalMinutes:0} minutes per subject type, and logs clients that " +
                "poll more often: schedule it less often (a nightly run, and on demand).");
        }
        var result = Terminating(() => RunAsync("Sync-KsefInvoice", (narrate, report, cancel) =>
            InvoiceSync.RunAsync(session, store, directory, SubjectType, since, lockTimeout, status => { narrate(status); report(status, -1); }, cancel)));
        WriteObject(result);
    }
}
