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

    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSeconds { get; set; } = 120;

    private readonly HashSet<string> _done = [];

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
            var pages = RunAsync((narrate, cancel) => SessionUpo.DownloadAsync(session, SessionReferenceNumber, TimeSpan.FromSeconds(TimeoutSeconds), cancel));
            Directory.CreateDirectory(directory);
            for (var i = 0; i < pages.Count; i++)
            {
                var name = pages.Count == 1 ? $"UPO-{SessionReferenceNumber}.xml" : $"UPO-{SessionReferenceNumber}-{i + 1}.xml";
                var path = Core.Security.ContainedPath.Join(directory, name);
                File.WriteAllBytes(path, pages[i].Content);
                WriteObject(new FileInfo(path));
            }
        });
    }
}
