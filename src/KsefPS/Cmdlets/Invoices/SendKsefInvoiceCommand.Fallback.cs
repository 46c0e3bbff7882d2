using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Invoices;
using KsefPS.Core.Invoices.Sending;
using KsefPS.Core.Offline;
using KsefPS.Core.Sessions;
using KsefPS.Core.Status;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Invoices;

/// <summary>
/// -OfflineFallback: when KSeF cannot take the invoices (no session, an announced maintenance or failure, or KSeF
/// unreachable after the retries), those it has not taken are protected as Protect-KsefInvoice does and queued with
/// the mode and deadline Latarnia's word gives. An invoice whose send may have reached KSeF is asked about first.
/// </summary>
public sealed partial class SendKsefInvoiceCommand
{
    /// <summary>When KSeF cannot take the invoices, issue them offline (KOD I and KOD II) and queue them instead of failing.</summary>
    [Parameter(ParameterSetName = ByPath)]
    [Parameter(ParameterSetName = ByLiteralPath)]
    public SwitchParameter OfflineFallback { get; set; }

    /// <summary>With -OfflineFallback: the stored Offline certificate (or an X509Certificate2 with its key) that signs KOD II.</summary>
    [Parameter(ParameterSetName = ByPath)]
    [Parameter(ParameterSetName = ByLiteralPath)]
    [ArgumentCompleter(typeof(StoredCertificateNameCompleter))]
    [ValidateNotNull]
    public object? OfflineCertificate { get; set; }

    /// <summary>With -OfflineFallback: where the QR images of queued invoices are written (none without it; the links are in the queue).</summary>
    [Parameter(ParameterSetName = ByPath)]
    [Parameter(ParameterSetName = ByLiteralPath)]
    [ValidateNotNullOrEmpty]
    public string? OutputDirectory { get; set; }

    /// <summary>With -OfflineFallback: the PIN of the token that holds the Offline certificate's key (PKCS#11 entries).</summary>
    [Parameter(ParameterSetName = ByPath)]
    [Parameter(ParameterSetName = ByLiteralPath)]
    public SecureString? Pin { get; set; }

    /// <summary>With -OfflineFallback: another status service than the environment's Latarnia (a session to the emulator asks the emulator).</summary>
    [Parameter(ParameterSetName = ByPath)]
    [Parameter(ParameterSetName = ByLiteralPath)]
    public Uri? StatusUrl { get; set; }

    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(10);

    private (StoredCertificate? Entry, X509Certificate2? Given, KsefEnvironment Environment) _offlineCertificate;
    private OfflineFallbackMode? _fallback;
    private OfflineProtector? _protector;
    /// <summary>
    /// Files handed to the sender whose final result was not yet reported: what the fallback must account for. Taken is
    /// the result of one KSeF already has (its verdict still to come).
    /// </summary>
    private readonly Dictionary<string, (SendRequest Request, SentInvoice? Taken)> _handedOver = new(StringComparer.Ordinal);
    private int _queuedOffline;

    /// <summary>Checks -OfflineFallback's parameters; true when the run goes offline from the start (no session, or an announcement).</summary>
    private bool StartsOffline()
    {
        if (!OfflineFallback)
        {
            if (OfflineCertificate is not null || OutputDirectory is not null || Pin is not null || StatusUrl is not null)
            {
                ThrowKsefError(new KsefException(ErrorIds.ParameterConflict, KsefErrorKind.InvalidArgument,
                    "-OfflineCertificate, -OutputDirectory, -Pin and -StatusUrl belong to -OfflineFallback; add -OfflineFallback or leave them out."));
            }
            return false;
        }
        if (OfflineCertificate is null)
        {
            ThrowKsefError(new KsefException(ErrorIds.OfflineCertificateRequired, KsefErrorKind.InvalidArgument,
                "-OfflineFallback needs -OfflineCertificate: the stored Offline certificate that signs KOD II for invoices KSeF cannot take."));
        }
        if (OutputDirectory is not null)
        {
            _ = ResolveOutputDirectory(OutputDirectory); // a folder that cannot hold the images is refused before anything is sent
        }
        var session = Session ?? CurrentSession.Get();
        if (session?.State == KsefSessionState.Disconnected)
        {
            session = null;
        }
        _store = OpenOfflineStore(OfflineCertificate, StorePath is null ? session?.StorePath : null);
        _offlineCertificate = Terminating(() => ResolveOfflineCertificate(_store, OfflineCertificate, session?.Environment));
        _session = session;
        if (session is null)
        {
            Engage(ReadStatus(null), "There is no KSeF session (Connect-Ksef did not succeed, or was not run)");
            return true;
        }
        var report = ReadStatus(session);
        if (OfflineFallbackMode.Announced(report))
        {
            Engage(report, "KSeF announces it cannot take invoices");
            return true;
        }
        WriteVerbose($"-OfflineFallback: KSeF {report.Environment} is {report.Status}; sending, and falling back to the offline queue only if KSeF cannot take the invoices.");
        return false;
    }

    private KsefStatusReport ReadStatus(KsefSession? session)
    {
        var environment = _offlineCertificate.Environment;
        var url = StatusUrl ?? KsefEnvironmentInfo.StatusUrlFor(environment, session?.ApiUrl);
        return Terminating(() => RunAsync((_, cancel) => KsefStatusReader.ReadAsync(environment.ToString(), url, StatusTimeout, cancel)));
    }

    private static bool KsefCannotTake(KsefException e) => e.ErrorId == ErrorIds.KsefUnavailable;

    /// <summary>From here on the run issues offline, in the mode Latarnia's word gives.</summary>
    private void Engage(KsefStatusReport report, string cause)
    {
        _fallback = OfflineFallbackMode.From(report);
        var label = _offlineCertificate.Entry is { } entry ? $"'{entry.Name}'" : $"'{_offlineCertificate.Given!.Subject}'";
        WriteWarning($"[{ErrorIds.InvoiceQueuedOffline}] {cause.TrimEnd('.')}. {_fallback.Why}. The invoices KSeF has not taken are issued offline " +
            $"(mode {_fallback.Mode}, KOD II signed with {label}) and put in the offline queue; send them with Get-KsefOfflineInvoice | Send-KsefInvoice.");
    }

    /// <summary>The Offline certificate's key, opened once and only when an invoice is really issued offline (not under -WhatIf).</summary>
    private OfflineProtector Protector()
    {
        if (_protector is null)
        {
            var (keyed, _) = Terminating(() => OpenOfflineSigner(_store!, _offlineCertificate, Pin));
            using (keyed)
            {
                _protector = Terminating(() => new OfflineProtector(keyed, _offlineCertificate.Environment, _session?.Context, _fallback!.Mode, _fallback.End,
                    OutputDirectory is null ? null : ResolveOutputDirectory(OutputDirectory), [QrImageFormat.Png]));
            }
        }
        return _protector;
    }

    /// <summary>Sends one file, or — once KSeF could not take one — queues it offline.</summary>
    private void SendOrQueue(string path, SendRequest request)
    {
        if (_fallback is not null)
        {
            QueueOffline(path, request, null);
            return;
        }
        if (!OfflineFallback)
        {
            Add(path, request, null);
            return;
        }
        try
        {
            Add(path, request, null);
        }
        catch (KsefException e) when (KsefCannotTake(e))
        {
            Engage(ReadStatus(_session), $"KSeF could not take '{path}': {e.Message}");
        }
    }

    /// <summary>After KSeF became unreachable: every file handed over without a result is asked about, then queued unless KSeF has it.</summary>
    private void AccountForHandedOver()
    {
        var check = new SendOutcomeCheck(_session!, _journal!);
        foreach (var (path, (request, taken)) in _handedOver.ToList())
        {
            if (taken is not null)
            {
                WriteVerbose($"'{path}' reached KSeF (session {taken.SessionReferenceNumber}) before it became unreachable; its verdict could not be waited for.");
                WriteObject(taken);
                continue;
            }
            PerItem(() =>
            {
                var invoice = InvoiceFile.Read(path, nipControlDigit: NipControlDigit);
                var (outcome, result) = RunAsync((narrate, cancel) => check.CheckAsync(invoice, request, narrate, cancel));
                if (outcome == SendOutcome.InKsef)
                {
                    WriteVerbose($"'{path}' reached KSeF before it became unreachable (session {result!.SessionReferenceNumber}); not queued.");
                    WriteObject(result);
                    return;
                }
                QueueOffline(path, request, outcome == SendOutcome.Unknown
                    ? "Its send may have reached KSeF: the queue asks KSeF again before sending it."
                    : null);
            });
        }
        _handedOver.Clear();
    }

    private void QueueOffline(string path, SendRequest request, string? note)
    {
        if (request.CorrectedInvoiceHash is not null)
        {
            throw new KsefException(ErrorIds.KsefUnavailable, KsefErrorKind.ResourceUnavailable,
                $"'{path}' is a technical correction: KSeF takes those only online, so it was not queued. Send it again when KSeF is back.", path);
        }
        if (!ShouldProcess(path, $"Issue offline ({_fallback!.Mode}: KOD I and KOD II) and add to the offline queue"))
        {
            return;
        }
        var queued = Protector().Protect(path);
        if (_store!.AddOfflineInvoices([queued]) == 0)
        {
            WriteVerbose($"'{path}' is already in the offline queue with the same content; queued once.");
        }
        _queuedOffline++;
        WriteObject(SentInvoices.Queued(queued, note ?? ""));
    }
}
