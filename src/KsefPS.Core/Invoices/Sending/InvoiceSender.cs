using KsefPS.Core.Errors;
using KsefPS.Core.Sessions;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>
/// Sends a run of invoices the way KSeF's limits ask (docs limity/limity-api.md): invoices go into batch packages on
/// disk as they arrive (one package per form code and offline mode, a new session after 10,000 invoices or the size
/// limits), and a run that turns out small goes online instead. Technical corrections and PEF invoices always go
/// online, as KSeF takes them only there. Results are matched to their files by the name in the package (or the hash).
/// </summary>
public sealed class InvoiceSender : IDisposable
{
    private readonly KsefSession _session;
    private readonly SendJournal _journal;
    private readonly Dictionary<string, int> _ordinals = new(StringComparer.Ordinal);
    private readonly EarlierSends _earlierSends;
    private readonly SendOptions _options;
    private readonly string _workDirectory;
    private readonly BatchSender _batch;
    private readonly Dictionary<(FormCode, bool), Pending> _writers = [];
    private readonly Dictionary<FormCode, OnlineSender> _online = [];
    private readonly List<(InvoiceFile Invoice, SendRequest Request)> _held = [];
    /// <summary>Batch sessions this run closed; their invoices live in the journal, not here (memory stays flat).</summary>
    private readonly List<(string Reference, bool OfflineMode)> _batches = [];
    private readonly List<SentInvoice> _onlineResults = [];
    /// <summary>Files KSeF had from an earlier run: reported, not sent; those still processing are waited for with the rest.</summary>
    private readonly List<SentInvoice> _earlier = [];
    private int _queued;
    private bool _unclosedBatch;
    private bool _batchChosen;

    public InvoiceSender(KsefSession session, SendOptions options, string workDirectory, SendJournal journal)
    {
        _session = session;
        _journal = journal;
        _earlierSends = new EarlierSends(session, journal);
        _options = options;
        _workDirectory = workDirectory;
        _batch = new BatchSender(session, options);
        _batchChosen = options.Mode == SendMode.Batch;
    }

    /// <summary>Whether <paramref name="invoice"/> goes online whatever the mode: corrections, forms batch does not take.</summary>
    public static bool OnlineOnly(InvoiceFile invoice, SendRequest request) =>
        request.CorrectedInvoiceHash is not null || !invoice.Form.TakenInBatch;

    /// <summary>
    /// Takes one checked invoice. Online mode (and online-only invoices) send it now and return its result; otherwise it
    /// is packaged, and what a filled package sent is returned (its results are "Sent" until KSeF processes them).
    /// </summary>
    public async Task<IEnumerable<SentInvoice>> AddAsync(InvoiceFile invoice, SendRequest request, Action<string>? narrate, Action<SendProgress>? progress,
        CancellationToken cancellation)
    {
        invoice.Form.RequireTakenIn(_session.Environment, invoice.Path, "Nothing was sent.");
        if (await _earlierSends.FindAsync(invoice, request, narrate, cancellation).ConfigureAwait(false) is { } known)
        {
            _earlier.Add(known);
            return [known];
        }
        if (_options.Mode == SendMode.Online || OnlineOnly(invoice, request))
        {
            return [await SendOnlineAsync(invoice, request, narrate, cancellation).ConfigureAwait(false)];
        }
        var key = (invoice.Form, request.OfflineMode);
        IEnumerable<SentInvoice> sent = [];
        if (_writers.TryGetValue(key, out var pending) && !pending.Writer.Fits(invoice.Content.Length))
        {
            _batchChosen = true;
            sent = await SendPackageAsync(key, wantResults: true, narrate, progress, cancellation).ConfigureAwait(false);
        }
        if (!_writers.TryGetValue(key, out pending))
        {
            _writers[key] = pending = new Pending(new PackageWriter(Path.Combine(_workDirectory, Guid.NewGuid().ToString("N")), _options));
        }
        pending.Writer.Add(invoice);
        // Runs declare almost every invoice alike: one instance serves them all (memory stays flat at 10,000).
        pending.Requests.Add(pending.Requests.Count > 0 && pending.Requests[^1] == request ? pending.Requests[^1] : request);
        _queued++;
        _batchChosen |= invoice.HasAttachment || _queued > _options.AutoOnlineLimit;
        if (_batchChosen)
        {
            _held.Clear();
        }
        else
        {
            _held.Add((invoice, request));
        }
        if (_queued % 100 == 0)
        {
            progress?.Invoke(new SendProgress($"Packaging: {_queued} invoices", -1));
        }
        return sent;
    }

    /// <summary>A package being written, and how each of its invoices is to be declared.</summary>
    private sealed record Pending(PackageWriter Writer)
    {
        public List<SendRequest> Requests { get; } = [];
    }

    /// <summary>
    /// Sends what is still packaged (or, when the run stayed small in Auto mode, sends it online) and closes every session.
    /// Without <paramref name="wait"/> emits the results not yet returned; with it, waits for KSeF's verdict and emits a
    /// result for every invoice of the run (batch sessions streamed page by page from KSeF's list).
    /// </summary>
    public async Task FinishAsync(bool wait, Action<SentInvoice> emit, Action<string>? narrate, Action<SendProgress>? progress, CancellationToken cancellation)
    {
        void Emit(IEnumerable<SentInvoice> results)
        {
            if (!wait)
            {
                foreach (var result in results)
                {
                    emit(result);
                }
            }
        }
        if (!_batchChosen && _queued > 0)
        {
            narrate?.Invoke($"{_queued} invoice(s): sending online (Auto sends up to {_options.AutoOnlineLimit} online, more in batch).");
            foreach (var pending in _writers.Values)
            {
                pending.Writer.Dispose();
            }
            _writers.Clear();
            foreach (var (invoice, request) in _held)
            {
                Emit([await SendOnlineAsync(invoice, request, narrate, cancellation).ConfigureAwait(false)]);
            }
            _held.Clear();
        }
        foreach (var key in _writers.Keys.ToList())
        {
            // With -Wait the results come back from KSeF's list, not from here.
            Emit(await SendPackageAsync(key, wantResults: !wait, narrate, progress, cancellation).ConfigureAwait(false));
        }
        foreach (var online in _online.Values)
        {
            try
            {
                await online.CloseAsync(narrate, cancellation).ConfigureAwait(false);
            }
            catch (KsefException e) when (e.ErrorId is ErrorIds.KsefUnavailable or ErrorIds.KsefRateLimited)
            {
                // The invoices are in KSeF whatever became of the close: their results are read from the session's invoice list.
                narrate?.Invoke($"KSeF did not take the close ({e.Message}); reading the results from the session's invoice list.");
            }
        }
        if (wait)
        {
            await WaitAsync(emit, narrate, progress, cancellation).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        foreach (var pending in _writers.Values)
        {
            pending.Writer.Dispose();
        }
        // A stopped or failed run still closes the online sessions it opened, so KSeF does not keep them open for 12 hours.
        foreach (var online in _online.Values)
        {
            if (!online.AllClosed)
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
        if (_unclosedBatch)
        {
            return; // its encrypted parts stay for Send-KsefInvoice -Resume
        }
        try
        {
            if (Directory.Exists(_workDirectory))
            {
                Directory.Delete(_workDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }

    private async Task<SentInvoice> SendOnlineAsync(InvoiceFile invoice, SendRequest request, Action<string>? narrate, CancellationToken cancellation)
    {
        // PEF, which no batch takes, goes online with its attachments, as KSeF took it from the official Java client.
        if (invoice.HasAttachment && invoice.Form.TakenInBatch && request.CorrectedInvoiceHash is null)
        {
            throw new KsefException(ErrorIds.AttachmentRequiresBatch, KsefErrorKind.InvalidOperation,
                $"The invoice '{invoice.Path}' has attachments (Zalacznik): KSeF takes those only in a batch session. Send it with -Mode Batch or -Mode Auto; nothing was sent.",
                invoice.Path);
        }
        if (!_online.TryGetValue(invoice.Form, out var online))
        {
            _online[invoice.Form] = online = new OnlineSender(_session, invoice.Form);
        }
        string reference, sessionReference;
        try
        {
            (reference, sessionReference) = await online.SendAsync(invoice, request.OfflineMode, request.CorrectedInvoiceHash, Observe(invoice, request),
                narrate, cancellation).ConfigureAwait(false);
        }
        catch (KsefException e)
        {
            // The error is about this file, not the URL it went to.
            throw new KsefException(e.ErrorId, e.Kind, $"'{invoice.Path}' ({invoice.InvoiceNumber}) was not sent: {e.Message}", invoice.Path, e) { Server = e.Server };
        }
        var result = SentInvoices.Create(_session, invoice.Path, invoice.Hash, invoice.InvoiceNumber, invoice.SellerNip, sessionReference, "Online", request,
            invoice.IssueDate);
        result.ReferenceNumber = reference;
        result.JournalOrdinal = _ordinals.GetValueOrDefault(sessionReference);
        _onlineResults.Add(result);
        return result;
    }

    /// <summary>The journal's ears on one online send.</summary>
    private OnlineSender.Observer Observe(InvoiceFile invoice, SendRequest request) => new(
        (reference, cipher) => _journal.OnlineOpened(reference, invoice.Form, cipher),
        reference =>
        {
            var ordinal = _ordinals[reference] = _ordinals.GetValueOrDefault(reference) + 1;
            _journal.OnlineSending(reference, ordinal, invoice, request);
            return ordinal;
        },
        _journal.OnlineRefused,
        _journal.OnlineSent);

    private async Task<IEnumerable<SentInvoice>> SendPackageAsync((FormCode Form, bool Offline) key, bool wantResults, Action<string>? narrate,
        Action<SendProgress>? progress, CancellationToken cancellation)
    {
        var (writer, requests) = (_writers[key].Writer, _writers[key].Requests);
        _writers.Remove(key);
        using var cipher = new SessionCipher();
        SealedPackage package;
        using (writer)
        {
            progress?.Invoke(new SendProgress($"Encrypting a package of {writer.Count} invoices", -1));
            package = writer.Seal(cipher.CreateEncryptor, narrate);
        }
        var opened = DateTimeOffset.UtcNow;
        var batch = await _batch.OpenAsync(package, key.Form, key.Offline, cipher, narrate, cancellation).ConfigureAwait(false);
        // Before the first upload: a killed run is finished from here (20 minutes of upload window per part, counted from the open).
        _journal.BatchOpened(batch, cipher, requests, opened + BatchSender.UploadWindowPerPart * package.Parts.Count);
        _unclosedBatch = true;
        var total = package.Parts.Sum(p => p.Size);
        long done = 0;
        await _batch.UploadAsync(batch.Uploads, bytes =>
        {
            var sent = Interlocked.Add(ref done, bytes);
            progress?.Invoke(new SendProgress($"Uploading {batch.ReferenceNumber}: {sent:N0} of {total:N0} bytes", (int)(sent * 100 / Math.Max(1, total))));
        }, narrate, cancellation).ConfigureAwait(false);
        await _batch.CloseAsync(batch.ReferenceNumber, narrate, cancellation).ConfigureAwait(false);
        _journal.Closed(batch.ReferenceNumber);
        _unclosedBatch = false;
        foreach (var part in package.Parts)
        {
            File.Delete(part.FilePath);
        }
        _batches.Add((batch.ReferenceNumber, batch.OfflineMode));
        if (!wantResults)
        {
            return [];
        }
        // Enumerated from the package's list on disk as the caller writes them out: never all in memory.
        return package.Entries.Select((e, i) =>
        {
            var result = SentInvoices.Create(_session, e.Path, e.Hash, e.InvoiceNumber, e.SellerNip, batch.ReferenceNumber, "Batch", requests[i], e.IssueDate);
            result.JournalOrdinal = i + 1;
            return result;
        });
    }

    private async Task WaitAsync(Action<SentInvoice> emit, Action<string>? narrate, Action<SendProgress>? progress, CancellationToken cancellation)
    {
        var deadline = DateTimeOffset.UtcNow + _options.WaitTimeout;
        TimeSpan Left() => deadline - DateTimeOffset.UtcNow > TimeSpan.Zero ? deadline - DateTimeOffset.UtcNow : TimeSpan.Zero;
        foreach (var reference in _online.Values.SelectMany(o => o.References))
        {
            progress?.Invoke(new SendProgress($"Waiting for KSeF to process {reference}", -1));
            var (sessionStatus, invoices) = await SessionResults.WaitAsync(_session, reference, Left(), narrate, cancellation).ConfigureAwait(false);
            var ofSession = _onlineResults.Where(r => r.SessionReferenceNumber == reference).ToList();
            SessionResultMatching.ByReference(ofSession, invoices);
            _journal.Record(reference, ofSession, done: sessionStatus.IsFinal && ofSession.All(r => r.Status != SendStatus.Sent));
        }
        foreach (var group in _earlier.Where(r => r.Status == SendStatus.Sent).GroupBy(r => r.SessionReferenceNumber))
        {
            var (_, invoices) = await SessionResults.WaitAsync(_session, group.Key, Left(), narrate, cancellation).ConfigureAwait(false);
            SessionResultMatching.ByHash(group, invoices);
        }
        _earlier.ForEach(emit);
        _onlineResults.ForEach(emit);
        foreach (var (reference, offlineMode) in _batches)
        {
            progress?.Invoke(new SendProgress($"Waiting for KSeF to process {reference}", -1));
            var status = await BatchResults.WaitAsync(_session, reference, Left(), narrate, cancellation).ConfigureAwait(false);
            narrate?.Invoke($"Session {reference}: {status}.");
            await BatchResults.EmitAsync(_session, _journal, reference, offlineMode, status, emit, narrate, cancellation).ConfigureAwait(false);
        }
    }
}
