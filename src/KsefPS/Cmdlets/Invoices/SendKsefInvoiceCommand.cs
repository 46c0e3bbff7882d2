using System.Management.Automation;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Invoices;
using KsefPS.Core.Invoices.Sending;
using KsefPS.Core.Offline;
using KsefPS.Core.Sessions;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Invoices;

[Cmdlet(VerbsCommunications.Send, "KsefInvoice", DefaultParameterSetName = ByPath, SupportsShouldProcess = true)]
[OutputType(typeof(SentInvoice))]
public sealed partial class SendKsefInvoiceCommand : SessionCmdlet, IDisposable
{
    private const string ByPath = "Path";
    private const string ByLiteralPath = "LiteralPath";
    private const string FromQueue = "OfflineQueue";
    private const string Resuming = "Resume";
    private const string Activity = "Send-KsefInvoice";
    private const string InvoiceFiles = "*.xml";

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

    /// <summary>Finish what an interrupted run left in the send journal: upload, close, wait, and send again only what KSeF does not have.</summary>
    [Parameter(Mandatory = true, ParameterSetName = Resuming)]
    public SwitchParameter Resume { get; set; }

    /// <summary>Declare the invoices issued offline (offlineMode).</summary>
    [Parameter(ParameterSetName = ByPath)]
    [Parameter(ParameterSetName = ByLiteralPath)]
    public SwitchParameter Offline { get; set; }

    /// <summary>A technical correction: the hash of the rejected offline invoice this file replaces.</summary>
    [Parameter(ParameterSetName = ByPath, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ByLiteralPath, ValueFromPipelineByPropertyName = true)]
    [ValidatePattern("^[A-Za-z0-9+/]{43}=$")]
    public string? CorrectedInvoiceHash { get; set; }

    /// <summary>A technical correction of an offline-queue entry KSeF rejected: its hash is corrected, and the entry gets the new KSeF number.</summary>
    [Parameter(ParameterSetName = ByPath)]
    [Parameter(ParameterSetName = ByLiteralPath)]
    public OfflineInvoice? CorrectionOf { get; set; }

    [Parameter]
    public SendMode Mode { get; set; } = SendMode.Auto;

    [Parameter]
    public PackageCompression Compression { get; set; } = PackageCompression.TarGz;

    /// <summary>Largest batch part before encryption, in bytes (KSeF: 100 MB).</summary>
    [Parameter]
    [ValidateRange(1024, 100_000_000)]
    public long PartSize { get; set; } = 100_000_000;

    /// <summary>Batch parts uploaded at once.</summary>
    [Parameter]
    [ValidateRange(1, 32)]
    public int ThrottleLimit { get; set; } = 4;

    /// <summary>Wait for KSeF to process each invoice and report its KSeF number.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How long -Wait waits for KSeF; a bare number means seconds.</summary>
    [Parameter]
    [TimeoutTransformation]
    public TimeSpan? WaitTimeout { get; set; }

    /// <summary>The older form of -WaitTimeout, in whole seconds; works as it always did.</summary>
    [Parameter]
    [ValidateRange(1, 86_400)]
    public int WaitTimeoutSeconds { get; set; } = 300;

    private TimeSpan _waitTimeout;

    private KsefSession? _session;
    private InvoiceSender? _sender;
    private SendJournal? _journal;
    private SendOptions? _options;
    private string? _workDirectory;
    private KsefStore? _store;
    private string? _queueStore;
    private int _checked;

    private bool WaitForResults => Wait || Resume || ParameterSetName == FromQueue || CorrectionOf is not null;

    protected override void BeginProcessing()
    {
        _ = SchemaPrecompilation.Start(); // meanwhile the session's limits are asked for
        _waitTimeout = Duration(nameof(WaitTimeout), WaitTimeout, nameof(WaitTimeoutSeconds), WaitTimeoutSeconds, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        if (StartsOffline())
        {
            return;
        }
        _session = RequireSession();
        if (WaitForResults)
        {
            WriteVerbose($"Results are waited for up to {_waitTimeout.TotalSeconds:0} s after the last invoice is sent.");
        }
        _options = new SendOptions
        {
            Mode = Mode,
            Compression = Compression,
            PartSize = PartSize,
            ThrottleLimit = ThrottleLimit,
            WaitTimeout = _waitTimeout,
        };
        if (!Resume)
        {
            _options = RunAsync((narrate, cancel) => ContextSessionLimits.FitAsync(_session, _options, narrate, cancel));
        }
        _store ??= OpenStore(StorePath is null ? _session.StorePath : null);
        _store.PruneSendJournal(SendJournal.Retention);
        _journal = new SendJournal(_store, _session);
        _workDirectory = _journal.NewWorkDirectory();
        _sender = new InvoiceSender(_session, _options, _workDirectory, _journal);
    }

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
                    WriteWarning(FormattableString.Invariant($"[{ErrorIds.OfflineDeadlinePassed}] '{entry.Path}' ({entry.InvoiceNumber}) was due at KSeF by {entry.Deadline:yyyy-MM-dd}; sending it late."));
                }
                _queueStore ??= entry.StorePath;
                PerItem(() => Add(entry.Path, new SendRequest(true, OfflineInvoiceId: entry.Id), entry.Hash));
            }
            return;
        }
        if (CorrectionOf is { } corrected)
        {
            _queueStore ??= corrected.StorePath;
        }
        var request = CorrectionOf is { } original
            ? new SendRequest(true, original.Hash, original.Id)
            : new SendRequest(Offline, CorrectedInvoiceHash);
        var files = ParameterSetName == ByLiteralPath
            ? ResolveInputFiles(LiteralPath, literal: true, ErrorIds.InvoiceUnreadable, InvoiceFiles)
            : ResolveInputFiles(Path, literal: false, ErrorIds.InvoiceUnreadable, InvoiceFiles);
        foreach (var file in files)
        {
            PerItem(() => SendOrQueue(file, request));
        }
    }

    protected override void EndProcessing()
    {
        if (_sender is not null && _fallback is null)
        {
            Terminating(() =>
            {
                try
                {
                    // Results stream to the pipeline as KSeF's lists are read, so a run of any size holds only a page of them.
                    return Stream(Activity, (emit, narrate, report, cancel) => Resume
                        ? new SendResumer(_session!, _journal!, _options!).ResumeAsync(_workDirectory!, emit, narrate, p => report(p.Activity, p.Percent), cancel)
                        : _sender!.FinishAsync(WaitForResults, emit, narrate, p => report(p.Activity, p.Percent), cancel),
                        result => Report((SentInvoice)result));
                }
                catch (KsefException e) when (OfflineFallback && KsefCannotTake(e))
                {
                    Engage(ReadStatus(_session), $"KSeF could not finish the run: {e.Message}");
                    return false;
                }
                finally
                {
                    RecordInQueue();
                }
            });
        }
        if (_fallback is not null && _handedOver.Count > 0)
        {
            AccountForHandedOver();
        }
        if (_queuedOffline > 0)
        {
            WriteVerbose($"{_queuedOffline} invoice(s) issued offline ({_fallback!.Mode}) and queued.");
        }
    }

    public void Dispose()
    {
        _sender?.Dispose();
        _protector?.Dispose();
        _queue?.Dispose();
        _store?.Dispose();
    }

    /// <summary>Whether a seller NIP's control digit is checked: KSeF checks it on production only.</summary>
    private bool NipControlDigit =>
        KsefEnvironmentInfo.For(_session?.Environment ?? (OfflineFallback ? _offlineCertificate.Environment : KsefEnvironment.Production)).ChecksNipControlDigits;

    private void Add(string path, SendRequest request, string? queuedHash)
    {
        var invoice = InvoiceFile.Read(path, nipControlDigit: NipControlDigit);
        // Before ShouldProcess, so that -WhatIf shows it too (the sender refuses it as well).
        invoice.Form.RequireTakenIn(_session!.Environment, path, "Nothing was sent.");
        if (queuedHash is not null && queuedHash != invoice.Hash)
        {
            throw new KsefException(ErrorIds.InvoiceInvalid, KsefErrorKind.InvalidData,
                $"The invoice '{path}' changed after it was protected for offline issue (its hash differs from the one in its KOD I); it was not sent.", path);
        }
        var what = request.CorrectedInvoiceHash is null ? $"Send invoice {invoice.InvoiceNumber}" : $"Send invoice {invoice.InvoiceNumber} as a technical correction";
        if (!ShouldProcess(path, $"{what} to KSeF ({_session!.Environment})"))
        {
            return;
        }
        if (OfflineFallback)
        {
            _handedOver[path] = (request, null);
        }
        var sent = RunAsync(Activity, (narrate, report, cancel) => _sender!.AddAsync(invoice, request, narrate, p => report(p.Activity, p.Percent), cancel));
        if (OfflineFallback)
        {
            sent = sent.ToList();
            foreach (var result in sent)
            {
                // KSeF has it: without -Wait it is reported now; with -Wait its verdict comes at the end.
                if (WaitForResults)
                {
                    _handedOver[result.Path] = (request, result);
                }
                else
                {
                    _handedOver.Remove(result.Path);
                }
            }
        }
        if (++_checked % 50 == 0)
        {
            ReportProgress(Activity, $"{_checked} invoices checked");
        }
        if (!WaitForResults)
        {
            foreach (var result in sent)
            {
                WriteObject(result);
            }
        }
    }

    private void Report(SentInvoice result)
    {
        _handedOver.Remove(result.Path);
        if (WaitsForQueue(result))
        {
            return;
        }
        Emit(result);
    }

    private void Emit(SentInvoice result)
    {
        switch (result.Status)
        {
            case SendStatus.Sent when WaitForResults:
                WriteKsefError(new KsefException(ErrorIds.InvoiceWaitTimeout, KsefErrorKind.ResourceUnavailable,
                    $"KSeF did not finish processing '{result.Path}' within {_waitTimeout.TotalSeconds:0} s; it was sent in session {result.SessionReferenceNumber}.", result.Path));
                break;
            case SendStatus.Rejected:
                WriteError(ToErrorRecord(new KsefException(ErrorIds.InvoiceRejected, KsefErrorKind.InvalidData,
                    $"KSeF rejected '{result.Path}' ({result.InvoiceNumber}): {result.Error}", result.Path)));
                break;
            case SendStatus.Duplicate:
                WriteWarning($"[{ErrorIds.InvoiceDuplicate}] KSeF already has '{result.Path}' ({result.InvoiceNumber}) as {result.KsefNumber}.");
                break;
        }
        WriteObject(result);
    }
}
