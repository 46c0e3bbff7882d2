using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Invoices;
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
    private const string ByInputObject = "InputObject";
    private const string InvoiceFiles = "*.xml";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByPath, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = ByLiteralPath, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>
    /// Files and folders from Get-ChildItem or Get-Item, taken by the path they were made with (Get-ChildItem's are full
    /// paths). PowerShell binds such an object here as it is, where -LiteralPath would have it look up its PSPath
    /// property and the path then go through the provider: several microseconds an invoice on the pipeline thread, which
    /// a piped run waits on (docs/performance.md, "Piped input").
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = ByInputObject, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public FileSystemInfo[] InputObject { get; set; } = [];

    /// <summary>A stored Offline certificate (its name, or the entry), or an X509Certificate2 with its private key.</summary>
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

    /// <summary>Skip the check against the invoice's XSD (the ERP already did it); the structure, the facts and the hash are still checked.</summary>
    [Parameter]
    public SwitchParameter SkipSchemaValidation { get; set; }

    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = System.Environment.ProcessorCount;

    /// <summary>The PIN of the token that holds the Offline certificate's key (PKCS#11 entries).</summary>
    [Parameter]
    public SecureString? Pin { get; set; }

    /// <summary>For an X509Certificate2: the KSeF environment whose verification links the QR codes carry.</summary>
    [Parameter]
    public KsefEnvironment? Environment { get; set; }

    private const string Activity = "Protect-KsefInvoice";
    private string Action => OutputDirectory is null
        ? "Sign KOD II and add the invoice to the offline queue"
        : "Sign KOD II, write the QR images and add the invoice to the offline queue";

    private KsefStore? _store;
    private OfflineProtector? _protector;
    private OfflineQueueWriter? _queue;
    private OrderedParallelWork<ProtectedInvoice>? _work;
    private bool _askEach;
    private int _done;
    private int _overdue;
    /// <summary>A deadline before this day in Poland had passed when the run began.</summary>
    private readonly DateOnly _today = OfflineQueueRefresh.PolishToday();

    /// <summary>
    /// PowerShell makes the command just before it binds the parameters: the per-invoice code starts compiling then,
    /// 8–9 ms before <see cref="BeginProcessing"/> would start it, since in a fresh process the first invoice waits for it.
    /// </summary>
    public ProtectKsefInvoiceCommand() => _ = ProtectorPrecompilation.Start(images: false);

    protected override void BeginProcessing()
    {
        _ = ProtectorPrecompilation.Start(images: OutputDirectory is not null);
        if (!SkipSchemaValidation)
        {
            _ = SchemaPrecompilation.Start();
        }
        _ = Terminating(() => Context(nipControlDigit: false)); // a malformed context is refused before the store is opened
        _store = OpenOfflineStore(Certificate);
        var chosen = Terminating(() => ResolveOfflineCertificate(_store, Certificate, Environment));
        var environment = chosen.Environment;
        var context = Terminating(() => Context(KsefEnvironmentInfo.For(environment).ChecksNipControlDigits));
        var (keyed, label) = Terminating(() => OpenOfflineSigner(_store, chosen, Pin));
        using (keyed)
        {
            _protector = new OfflineProtector(keyed, environment, context, Mode,
                FailureEnd is { } end ? DateOnly.FromDateTime(end) : null,
                OutputDirectory is null ? null : ResolveOutputDirectory(OutputDirectory), ImageFormats(), !SkipSchemaValidation);
        }
        // Without -WhatIf, -Confirm or -Verbose nobody hears ShouldProcess: folders and wildcards are then listed off
        // the pipeline thread too, and the pipeline thread only writes results.
        _askEach = !ShouldProcessIsSilent(ConfirmImpact.Medium);
        _queue = _store.OpenOfflineQueueWriter();
        _work = new OrderedParallelWork<ProtectedInvoice>(Sink(null, Deliver), Cancellation, ThrottleLimit, _protector.Protect, Record);
        WriteVerbose($"Signing KOD II with {label} (serial {_protector.CertificateSerial}, {environment}); mode {Mode}; {ThrottleLimit} in parallel.");
    }

    protected override void ProcessRecord()
    {
        var (given, literal) = ParameterSetName switch
        {
            ByInputObject => (Array.ConvertAll(InputObject, item => item.ToString()), true),
            ByLiteralPath => (LiteralPath, true),
            _ => (Path, false),
        };
        if (!_askEach)
        {
            foreach (var source in ResolveInputSources(given, literal, ErrorIds.InvoiceUnreadable, InvoiceFiles))
            {
                _work!.Add(source);
            }
            return;
        }
        foreach (var file in ResolveInputFiles(given, literal, ErrorIds.InvoiceUnreadable, InvoiceFiles))
        {
            if (ShouldProcess(file, Action))
            {
                _work!.Add(InputSource.OfFile(file, ErrorIds.InvoiceUnreadable));
            }
        }
    }

    protected override void EndProcessing()
    {
        _work!.Complete();
        CompleteProgress(Activity);
        if (_overdue > 0)
        {
            WriteWarning($"{_overdue} of the invoices were due at KSeF before they were protected: their sending deadline ({Mode}, counted from the " +
                "issue date P_1) has passed. Send them at once (Get-KsefOfflineInvoice -Overdue | Send-KsefInvoice), or check their issue dates.");
        }
    }

    public void Dispose()
    {
        _work?.Dispose();
        _queue?.Dispose();
        _protector?.Dispose();
        _store?.Dispose();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Deliver(object delivered)
    {
        foreach (var (path, result, error) in (IReadOnlyList<WorkOutcome<ProtectedInvoice>>)delivered)
        {
            switch (error)
            {
                case null:
                    if (result!.Deadline < _today)
                    {
                        _overdue++;
                    }
                    WriteObject(result);
                    break;
                case KsefException e:
                    WriteKsefError(e);
                    break;
                case IOException or UnauthorizedAccessException:
                    WriteKsefError(new KsefException(ErrorIds.InvoiceUnreadable, KsefErrorKind.WriteError, $"'{path}': {error.Message}", path, error));
                    break;
                default:
                    ExceptionDispatchInfo.Throw(error);
                    break;
            }
            if (++_done % 100 == 0)
            {
                ReportProgress(Activity, $"{_done} invoices protected");
            }
        }
    }

    /// <summary>
    /// On the delivery thread, before the pipeline sees them: an invoice is written out only once it is in the queue. The
    /// queue's write lock is held only while a run is inserted and committed, so other processes can write the store
    /// between runs.
    /// </summary>
    private void Record(IReadOnlyList<ProtectedInvoice> protectedInvoices, Action<string> narrate)
    {
        _queue!.Add(protectedInvoices);
        var already = protectedInvoices.Count - _queue.Commit();
        if (already > 0)
        {
            narrate(already == 1
                ? "1 of these invoices was already in the offline queue with the same content; it is queued once."
                : $"{already} of these invoices were already in the offline queue with the same content; each is queued once.");
        }
    }

    /// <summary>Each format once; none without -OutputDirectory (no images are written then, and a fresh run skips compiling the set).</summary>
    private IReadOnlyList<QrImageFormat> ImageFormats() => OutputDirectory is null ? [] : ImageFormat.Distinct().ToList();

    private ContextIdentifier? Context(bool nipControlDigit) =>
        ContextIdentifier.FromAtMostOne(nipControlDigit, (ContextIdentifierType.Nip, Nip), (ContextIdentifierType.InternalId, InternalId),
            (ContextIdentifierType.NipVatUe, NipVatUe), (ContextIdentifierType.PeppolId, PeppolId));
}
