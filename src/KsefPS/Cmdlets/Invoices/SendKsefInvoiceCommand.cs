using System.Management.Automation;
using KsefPS.Core.Errors;
using KsefPS.Core.Invoices;
using KsefPS.Core.Offline;
using KsefPS.Core.Sessions;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Invoices;

[Cmdlet(VerbsCommunications.Send, "KsefInvoice", DefaultParameterSetName = ByPath, SupportsShouldProcess = true)]
[OutputType(typeof(SentInvoice))]
public sealed class SendKsefInvoiceCommand : SessionCmdlet, IDisposable
{
    private const string ByPath = "Path";
    private const string ByLiteralPath = "LiteralPath";
    private const string FromQueue = "OfflineQueue";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByPath, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = ByLiteralPath, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Entries of the offline queue (Get-KsefOfflineInvoice): sent with offlineMode and marked with their KSeF numbers.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FromQueue, ValueFromPipeline = true)]
    [ValidateNotNull]
    public OfflineInvoice[] OfflineInvoice { get; set; } = [];

    /// <summary>Declare the invoices issued offline (offlineMode).</summary>
    [Parameter(ParameterSetName = ByPath)]
    [Parameter(ParameterSetName = ByLiteralPath)]
    public SwitchParameter Offline { get; set; }

    /// <summary>Wait for KSeF to process each invoice and report its KSeF number.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    [ValidateRange(1, 3600)]
    public int WaitTimeoutSeconds { get; set; } = 300;

    private KsefSession? _session;
    private readonly Dictionary<FormCode, OnlineInvoiceSession> _online = [];
    private readonly List<SentInvoice> _pending = [];
    private KsefStore? _store;
    private int _sent;
    private string? _queueStore;

    protected override void BeginProcessing() => _session = RequireSession();

    protected override void ProcessRecord()
    {
        if (ParameterSetName == FromQueue)
        {
            foreach (var entry in OfflineInvoice)
            {
                if (entry.KsefNumber is not null)
                {
                    WriteVerbose($"'{entry.Path}' already has the KSeF number {entry.KsefNumber}; skipped.");
                    continue;
                }
                if (entry.Overdue)
                {
                    WriteWarning($"[{ErrorIds.OfflineDeadlinePassed}] '{entry.Path}' ({entry.InvoiceNumber}) was due at KSeF by {entry.Deadline:yyyy-MM-dd}; sending it late.");
                }
                _queueStore ??= entry.StorePath;
                PerItem(() => SendOne(entry.Path, offline: true, entry));
            }
            return;
        }
        var files = ParameterSetName == ByLiteralPath
            ? ResolveInputFiles(LiteralPath, literal: true, ErrorIds.InvoiceUnreadable)
            : ResolveInputFiles(Path, literal: false, ErrorIds.InvoiceUnreadable);
        foreach (var file in files)
        {
            PerItem(() => SendOne(file, Offline, null));
        }
    }

    protected override void EndProcessing()
    {
        var sessions = _online.Values.ToList();
        var statuses = Terminating(() => RunAsync((narrate, cancel) => FinishAsync(sessions, narrate, cancel)));
        foreach (var result in _pending)
        {
            if (statuses.TryGetValue(result.ReferenceNumber, out var status))
            {
                result.Apply(status);
            }
            Report(result);
        }
        WriteProgress(new ProgressRecord(1, "Send-KsefInvoice", "Done") { RecordType = ProgressRecordType.Completed });
    }

    public void Dispose()
    {
        // A stopped or failed pipeline still closes what it opened, so KSeF does not keep the sessions open for 12 hours.
        foreach (var online in _online.Values)
        {
            if (!online.Closed && online.ReferenceNumber is not null)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                    online.CloseAsync(null, timeout.Token).GetAwaiter().GetResult();
                }
                catch (Exception e) when (e is KsefException or OperationCanceledException)
                {
                }
            }
            online.Dispose();
        }
        _store?.Dispose();
    }

    private void SendOne(string path, bool offline, OfflineInvoice? entry)
    {
        var invoice = InvoiceFile.Read(path);
        if (entry is not null && entry.Hash != invoice.Hash)
        {
            throw new KsefException(ErrorIds.InvoiceInvalid, KsefErrorKind.InvalidData,
                $"The invoice '{path}' changed after it was protected for offline issue (its hash differs from the one in its KOD I); it was not sent.", path);
        }
        if (!ShouldProcess(path, $"Send invoice {invoice.InvoiceNumber} to KSeF ({_session!.Environment})"))
        {
            return;
        }
        if (!_online.TryGetValue(invoice.Form, out var online))
        {
            online = _online[invoice.Form] = new OnlineInvoiceSession(_session!, invoice.Form);
        }
        var reference = RunAsync((narrate, cancel) => online.SendAsync(invoice, offline, narrate, cancel));
        var result = new SentInvoice
        {
            Path = path,
            InvoiceNumber = invoice.InvoiceNumber,
            SellerNip = invoice.SellerNip,
            Hash = invoice.Hash,
            ReferenceNumber = reference,
            SessionReferenceNumber = online.ReferenceNumber!,
            OfflineMode = offline,
            OfflineInvoiceId = entry?.Id,
            StatusDescription = "Sent",
            Session = _session!,
        };
        if (++_sent % 10 == 0)
        {
            WriteProgress(new ProgressRecord(1, "Send-KsefInvoice", $"{_sent} invoices sent") { PercentComplete = -1 });
        }
        if (Wait || entry is not null)
        {
            _pending.Add(result);
        }
        else
        {
            WriteObject(result);
        }
    }

    private async Task<Dictionary<string, InvoiceStatus>> FinishAsync(List<OnlineInvoiceSession> sessions, Action<string> narrate, CancellationToken cancel)
    {
        var statuses = new Dictionary<string, InvoiceStatus>();
        foreach (var online in sessions)
        {
            await online.CloseAsync(narrate, cancel).ConfigureAwait(false);
            if (_pending.Count > 0)
            {
                foreach (var status in await online.WaitAsync(TimeSpan.FromSeconds(WaitTimeoutSeconds), cancel).ConfigureAwait(false))
                {
                    statuses[status.ReferenceNumber] = status;
                }
            }
        }
        return statuses;
    }

    private void Report(SentInvoice result)
    {
        switch (result.Status)
        {
            case SendStatus.Sent:
                WriteKsefError(new KsefException(ErrorIds.InvoiceWaitTimeout, KsefErrorKind.ResourceUnavailable,
                    $"KSeF did not finish processing '{result.Path}' within {WaitTimeoutSeconds} s; it was sent as {result.ReferenceNumber}.", result.Path));
                break;
            case SendStatus.Rejected:
                WriteError(ToErrorRecord(new KsefException(ErrorIds.InvoiceRejected, KsefErrorKind.InvalidData,
                    $"KSeF rejected '{result.Path}' ({result.InvoiceNumber}): {result.Error}", result.Path)));
                break;
            case SendStatus.Duplicate:
                WriteWarning($"[{ErrorIds.InvoiceDuplicate}] KSeF already has '{result.Path}' ({result.InvoiceNumber}) as {result.KsefNumber}.");
                break;
        }
        if (result.OfflineInvoiceId is { } id && result.KsefNumber is { } number && result.Status is SendStatus.Accepted or SendStatus.Duplicate)
        {
            _store ??= OpenStore(_queueStore);
            _store.MarkOfflineInvoiceSent(id, number);
        }
        WriteObject(result);
    }
}
