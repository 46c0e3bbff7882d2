using System.Management.Automation;
using KsefPS.Core.Errors;
using KsefPS.Core.Invoices;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Invoices;

[Cmdlet(VerbsCommon.Get, "KsefUpo", SupportsShouldProcess = true, DefaultParameterSetName = OfSession)]
[OutputType(typeof(FileInfo))]
public sealed class GetKsefUpoCommand : SessionCmdlet
{
    private const string OfSession = "Session";
    private const string OfInvoices = "PerInvoice";

    /// <summary>The session's reference number; bound by property name from Send-KsefInvoice results.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string SessionReferenceNumber { get; set; } = "";

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string OutputDirectory { get; set; } = "";

    /// <summary>How long to wait for KSeF to finish the session; a bare number means seconds.</summary>
    [Parameter(ParameterSetName = OfSession)]
    [TimeoutTransformation]
    public TimeSpan? Timeout { get; set; }

    /// <summary>The older form of -Timeout, in whole seconds; works as it always did.</summary>
    [Parameter(ParameterSetName = OfSession)]
    [ValidateRange(1, 3600)]
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>Each accepted invoice's own UPO, UPO-&lt;KSeF number&gt;.xml, instead of the session's collective one.</summary>
    [Parameter(Mandatory = true, ParameterSetName = OfInvoices)]
    public SwitchParameter PerInvoice { get; set; }

    /// <summary>Only these invoices of the session (bound from piped results); every accepted one when none is given.</summary>
    [Parameter(ParameterSetName = OfInvoices, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyCollection]
    public string[]? KsefNumber { get; set; }

    private readonly HashSet<string> _done = [];
    private TimeSpan _timeout;

    // Per invoice: the KSeF numbers asked for in each session (null: all of them), fetched once the pipeline has ended
    private readonly Dictionary<string, HashSet<string>?> _wanted = new(StringComparer.Ordinal);

    protected override void BeginProcessing()
    {
        if (ParameterSetName == OfSession)
        {
            _timeout = Duration(nameof(Timeout), Timeout, nameof(TimeoutSeconds), TimeoutSeconds, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == OfInvoices)
        {
            PerItem(RememberThisRecord);
            return;
        }
        if (!_done.Add(SessionReferenceNumber))
        {
            return; // many invoices of one session: one UPO
        }
        var directory = ResolveOutputDirectory(OutputDirectory);
        PerItem(() =>
        {
            // A malformed reference is reported as such before anything needs a session; it never reaches a URL.
            Core.Identifiers.ReferenceNumber.Require(SessionReferenceNumber);
            if (!ShouldProcess(SessionReferenceNumber, $"Download the session's UPO into {directory}"))
            {
                return;
            }
            var session = RequireSession();
            Terminating(() => Core.Security.OutputFolder.Ensure(directory)); // before the wait: a folder that cannot be made stops the run once
            WriteVerbose($"Waiting up to {_timeout.TotalSeconds:0} s for KSeF to finish session {SessionReferenceNumber} and issue its UPO.");
            var pages = RunAsync((narrate, cancel) => SessionUpo.DownloadAsync(session, SessionReferenceNumber, _timeout, cancel));
            for (var i = 0; i < pages.Count; i++)
            {
                var name = pages.Count == 1 ? $"UPO-{SessionReferenceNumber}.xml" : $"UPO-{SessionReferenceNumber}-{i + 1}.xml";
                var path = Core.Security.ContainedPath.Join(directory, name);
                Core.Security.AtomicFile.Write(path, pages[i].Content);
                WriteFile(path);
            }
        });
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName != OfInvoices || _wanted.Count == 0)
        {
            return;
        }
        var directory = ResolveOutputDirectory(OutputDirectory);
        foreach (var (sessionReference, numbers) in _wanted)
        {
            var what = numbers is null ? "every accepted invoice's UPO" : $"the UPO of {numbers.Count} invoice(s)";
            if (!ShouldProcess(sessionReference, $"Download {what} into {directory}"))
            {
                continue;
            }
            var session = RequireSession();
            Terminating(() => Core.Security.OutputFolder.Ensure(directory));
            PerItem(() => Stream("Get-KsefUpo", async (emit, narrate, report, cancel) =>
            {
                var written = 0;
                await foreach (var result in InvoiceUpos.DownloadAsync(session, sessionReference, numbers, cancel, narrate).ConfigureAwait(false))
                {
                    emit(result);
                    report($"Session {sessionReference}: {++written} UPO(s)", -1);
                }
            }, item => Save(directory, (InvoiceUpos.Result)item)));
        }
    }

    /// <summary>On the pipeline thread: one invoice's UPO written as UPO-&lt;KSeF number&gt;.xml, or why there is none.</summary>
    private void Save(string directory, InvoiceUpos.Result result)
    {
        if (result.Error is { } error)
        {
            WriteKsefError(error);
            return;
        }
        var path = Core.Security.ContainedPath.Join(directory, $"UPO-{result.KsefNumber}.xml"); // a KSeF number the engine checked
        Core.Security.AtomicFile.Write(path, result.Content!);
        WriteFile(path);
    }

    /// <summary>
    /// A session alone (no KsefNumber bound) stands for all its accepted invoices; an invoice without a KSeF number (one
    /// KSeF rejected, or a failed send) has no UPO, and is said so rather than taken for its whole session.
    /// </summary>
    private void RememberThisRecord()
    {
        var sessionReference = Core.Identifiers.ReferenceNumber.Require(SessionReferenceNumber);
        if (!MyInvocation.BoundParameters.ContainsKey(nameof(KsefNumber)))
        {
            Remember(sessionReference, null);
            return;
        }
        var numbers = (KsefNumber ?? []).Where(n => !string.IsNullOrEmpty(n)).Select(n => Core.Identifiers.KsefNumber.Require(n)).ToList();
        if (numbers.Count == 0)
        {
            WriteKsefError(new KsefException(ErrorIds.UpoNotAvailable, KsefErrorKind.ResourceUnavailable,
                $"An invoice of session {sessionReference} has no KSeF number (KSeF did not accept it), so it has no UPO.", sessionReference));
            return;
        }
        Remember(sessionReference, numbers);
    }

    private void Remember(string sessionReference, IReadOnlyList<string>? numbers)
    {
        if (numbers is null)
        {
            _wanted[sessionReference] = null; // the whole session
        }
        else if (!_wanted.TryGetValue(sessionReference, out var known))
        {
            _wanted[sessionReference] = [.. numbers];
        }
        else
        {
            known?.UnionWith(numbers);
        }
    }
}
