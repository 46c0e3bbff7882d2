using System.Management.Automation;
using KsefPS.Core.Certificates;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Offline;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Offline;

[Cmdlet(VerbsSecurity.Protect, "KsefInvoice", DefaultParameterSetName = ByPath, SupportsShouldProcess = true)]
[OutputType(typeof(ProtectedInvoice))]
public sealed class ProtectKsefInvoiceCommand : StoreCmdlet, IDisposable
{
    private const string ByPath = "Path";
    private const string ByLiteralPath = "LiteralPath";
    private const int StoreBatch = 500;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByPath, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = ByLiteralPath, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>A stored Offline certificate: its name, or the entry.</summary>
    [Parameter(Mandatory = true)]
    [ArgumentCompleter(typeof(StoredCertificateNameCompleter))]
    [ValidateNotNull]
    public object? Certificate { get; set; }

    [Parameter] [ValidateNotNullOrEmpty] public string? Nip { get; set; }
    [Parameter] [ValidateNotNullOrEmpty] public string? InternalId { get; set; }
    [Parameter] [ValidateNotNullOrEmpty] public string? NipVatUe { get; set; }
    [Parameter] [ValidateNotNullOrEmpty] public string? PeppolId { get; set; }

    [Parameter]
    public OfflineMode Mode { get; set; } = OfflineMode.Offline24;

    /// <summary>For -Mode Offline and Emergency: when the unavailability or failure ended (default: the issue date).</summary>
    [Parameter]
    public DateTime? FailureEnd { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutputDirectory { get; set; }

    [Parameter]
    public QrImageFormat[] ImageFormat { get; set; } = [QrImageFormat.Png];

    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

    private KsefStore? _store;
    private OfflineProtector? _protector;
    private SemaphoreSlim? _slots;
    private readonly Queue<(string Path, Task<ProtectedInvoice> Work)> _inFlight = new();
    private readonly List<ProtectedInvoice> _unrecorded = [];
    private int _done;

    protected override void BeginProcessing()
    {
        var context = Terminating(Context);
        _store = OpenStore();
        var entry = Terminating(FindCertificate);
        Terminating(() =>
        {
            CertificateRules.RequireUsable(entry, CertificateUsage.Offline, DateTimeOffset.UtcNow);
            return 0;
        });
        using var keyed = Terminating(() => WithStoreKey(_store, () => _store.OpenCertificate(entry)));
        _protector = new OfflineProtector(keyed, entry.Environment, context, Mode,
            FailureEnd is { } end ? DateOnly.FromDateTime(end) : null,
            OutputDirectory is null ? null : ResolvePath(OutputDirectory), ImageFormat.Distinct().ToList());
        _slots = new SemaphoreSlim(ThrottleLimit);
        WriteVerbose($"Signing KOD II with '{entry.Name}' (serial {entry.SerialNumber}, {entry.Environment}); mode {Mode}; {ThrottleLimit} in parallel.");
    }

    protected override void ProcessRecord()
    {
        foreach (var path in ResolveFiles())
        {
            if (!ShouldProcess(path, "Sign KOD II, write the QR images and add the invoice to the offline queue"))
            {
                continue;
            }
            var protector = _protector!;
            var slots = _slots!;
            _inFlight.Enqueue((path, Task.Run(async () =>
            {
                await slots.WaitAsync(Cancellation).ConfigureAwait(false);
                try
                {
                    return protector.Protect(path);
                }
                finally
                {
                    slots.Release();
                }
            })));
            // Bounded: at most two invoices per worker wait in memory; results leave in input order.
            while (_inFlight.Count >= 2 * ThrottleLimit)
            {
                EmitHead();
            }
        }
    }

    protected override void EndProcessing()
    {
        while (_inFlight.Count > 0)
        {
            EmitHead();
        }
        Record();
        WriteProgress(new ProgressRecord(1, "Protect-KsefInvoice", "Done") { RecordType = ProgressRecordType.Completed });
    }

    public void Dispose()
    {
        _protector?.Dispose();
        _slots?.Dispose();
        _store?.Dispose();
    }

    private void EmitHead()
    {
        var (path, work) = _inFlight.Dequeue();
        try
        {
            var result = work.GetAwaiter().GetResult();
            _unrecorded.Add(result);
            if (_unrecorded.Count >= StoreBatch)
            {
                Record();
            }
            WriteObject(result);
        }
        catch (KsefException e)
        {
            WriteKsefError(e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteKsefError(new KsefException(ErrorIds.InvoiceUnreadable, KsefErrorKind.WriteError, $"'{path}': {e.Message}", path, e));
        }
        if (++_done % 100 == 0)
        {
            WriteProgress(new ProgressRecord(1, "Protect-KsefInvoice", $"{_done} invoices protected") { PercentComplete = -1 });
        }
    }

    private void Record()
    {
        var added = _store!.AddOfflineInvoices(_unrecorded);
        if (added < _unrecorded.Count)
        {
            WriteVerbose($"{_unrecorded.Count - added} of these invoices were already in the offline queue with the same content; each is queued once.");
        }
        _unrecorded.Clear();
    }

    private StoredCertificate FindCertificate()
    {
        var value = Certificate is PSObject ps ? ps.BaseObject : Certificate;
        if (value is StoredCertificate entry)
        {
            return _store!.FindCertificate(entry.Id) ?? throw CertificateSelection.NotFound(entry.Name);
        }
        return CertificateSelection.ByExactName(_store!, value?.ToString() ?? "");
    }

    private ContextIdentifier? Context() =>
        ContextIdentifier.FromAtMostOne((ContextIdentifierType.Nip, Nip), (ContextIdentifierType.InternalId, InternalId),
            (ContextIdentifierType.NipVatUe, NipVatUe), (ContextIdentifierType.PeppolId, PeppolId));

    private IReadOnlyList<string> ResolveFiles() =>
        ParameterSetName == ByLiteralPath ? ResolveInputFiles(LiteralPath, literal: true, ErrorIds.InvoiceUnreadable) : ResolveInputFiles(Path, literal: false, ErrorIds.InvoiceUnreadable);
}
