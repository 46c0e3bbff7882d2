using System.Management.Automation;
using KsefPS.Core.Invoices;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Invoices;

[Cmdlet(VerbsCommon.Get, "KsefUpo", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class GetKsefUpoCommand : SessionCmdlet
{
    /// <summary>The online session's reference number; bound by property name from Send-KsefInvoice results.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string SessionReferenceNumber { get; set; } = "";

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string OutputDirectory { get; set; } = "";

    /// <summary>How long to wait for KSeF to finish the session; a bare number means seconds.</summary>
    [Parameter]
    [TimeoutTransformation]
    public TimeSpan? Timeout { get; set; }

    /// <summary>The older form of -Timeout, in whole seconds; works as it always did.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSeconds { get; set; } = 120;

    private readonly HashSet<string> _done = [];
    private TimeSpan _timeout;

    protected override void BeginProcessing() =>
        _timeout = Duration(nameof(Timeout), Timeout, nameof(TimeoutSeconds), TimeoutSeconds, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));

    protected override void ProcessRecord()
    {
        if (!_done.Add(SessionReferenceNumber))
        {
            return; // many invoices of one session: one UPO
        }
        var directory = ResolvePath(OutputDirectory);
        PerItem(() =>
        {
            // A malformed reference is reported as such before anything needs a session; it never reaches a URL.
            Core.Identifiers.ReferenceNumber.Require(SessionReferenceNumber);
            if (!ShouldProcess(SessionReferenceNumber, $"Download the session's UPO into {directory}"))
            {
                return;
            }
            var session = RequireSession();
            WriteVerbose($"Waiting up to {_timeout.TotalSeconds:0} s for KSeF to finish session {SessionReferenceNumber} and issue its UPO.");
            var pages = RunAsync((narrate, cancel) => SessionUpo.DownloadAsync(session, SessionReferenceNumber, _timeout, cancel));
            Directory.CreateDirectory(directory);
            for (var i = 0; i < pages.Count; i++)
            {
                var name = pages.Count == 1 ? $"UPO-{SessionReferenceNumber}.xml" : $"UPO-{SessionReferenceNumber}-{i + 1}.xml";
                var path = Core.Security.ContainedPath.Join(directory, name);
                Core.Security.AtomicFile.Write(path, pages[i].Content);
                WriteFile(path);
            }
        });
    }
}
