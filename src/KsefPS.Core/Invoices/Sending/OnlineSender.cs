using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Errors;
using KsefPS.Core.Sessions;
using KsefPS.Core.Identifiers;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>
/// Online sessions for one form code (BRIEF §7.2–7.4): opened on the first invoice, each invoice encrypted with the
/// session's key. After a lost answer the session's invoice list is asked before anything is sent again, since KSeF
/// would otherwise see the same invoice twice. When KSeF loses the session (21173) or no longer lets it take invoices
/// (21180, e.g. after its 12 hours), or the session is full (21155: the context's limit of invoices per session), a new one is opened for the invoices that follow.
/// </summary>
public sealed class OnlineSender(KsefSession session, FormCode form) : IDisposable
{
    /// <summary>What the send journal hears: a session opened with its key; an invoice about to go into a session, or refused by it.</summary>
    internal sealed record Observer(Action<string, SessionCipher> Opened, Func<string, int> Sending, Action<string, int> Refused, Action<string, int, string> Sent);

    private const int MaxSendAttempts = 3;
    private const int SessionNotFound = 21173;
    private const int StatusForbidsOperation = 21180;
    private const int SessionFull = 21155;
    private readonly List<string> _references = [];
    private readonly HashSet<string> _closed = [];
    private SessionCipher? _cipher;
    private string? _current;

    public FormCode Form { get; } = form;

    /// <summary>Every session this sender opened, oldest first.</summary>
    public IReadOnlyList<string> References => _references;
    public int Sent { get; private set; }

    /// <summary>Sends one invoice; returns KSeF's reference for it and the session it went in.</summary>
    internal async Task<(string InvoiceReference, string SessionReference)> SendAsync(InvoiceFile invoice, bool offlineMode, string? correctedHash,
        Observer? observer, Action<string>? narrate, CancellationToken cancellation)
    {
        for (var reopened = false; ; reopened = true)
        {
            var reference = await OpenAsync(observer, narrate, cancellation).ConfigureAwait(false);
            var ordinal = observer?.Sending(reference) ?? 0;
            try
            {
                var invoiceReference = await SendInAsync(reference, invoice, offlineMode, correctedHash, narrate, cancellation).ConfigureAwait(false);
                observer?.Sent(reference, ordinal, invoiceReference);
                return (invoiceReference, reference);
            }
            catch (KsefException e) when (e.Server?.HttpStatus == 400)
            {
                observer?.Refused(reference, ordinal); // refused outright: not in the session
                if (reopened || e.Server.FirstCode is not (SessionNotFound or StatusForbidsOperation or SessionFull))
                {
                    throw;
                }
                narrate?.Invoke($"KSeF no longer takes invoices in {reference} ({e.Server!.FirstCode}); opening a new session for the rest.");
                _closed.Add(reference);
                _current = null;
            }
        }
    }

    private async Task<string> SendInAsync(string reference, InvoiceFile invoice, bool offlineMode, string? correctedHash, Action<string>? narrate,
        CancellationToken cancellation)
    {
        var encrypted = _cipher!.Encrypt(invoice.Content);
        var body = new JsonObject
        {
            ["invoiceHash"] = invoice.Hash,
            ["invoiceSize"] = invoice.Content.Length,
            ["encryptedInvoiceHash"] = Convert.ToBase64String(SHA256.HashData(encrypted)),
            ["encryptedInvoiceSize"] = encrypted.Length,
            ["encryptedInvoiceContent"] = Convert.ToBase64String(encrypted),
            ["offlineMode"] = offlineMode || correctedHash is not null,
        };
        if (correctedHash is not null)
        {
            body["hashOfCorrectedInvoice"] = correctedHash;
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var answer = await session.SendAsync(HttpMethod.Post, $"sessions/online/{reference}/invoices", cancellation, body, narrate: narrate).ConfigureAwait(false);
                Sent++;
                return RequiredValues.Text(answer, "referenceNumber");
            }
            catch (KsefException e) when (e.ErrorId == ErrorIds.KsefUnavailable && attempt < MaxSendAttempts)
            {
                narrate?.Invoke($"The answer for '{invoice.Path}' was lost; asking the session whether KSeF received it before sending again.");
                var list = await SessionResults.ListAsync(session, reference, cancellation, narrate).ConfigureAwait(false);
                if (list.FirstOrDefault(s => s.Hash == invoice.Hash) is { } received)
                {
                    Sent++;
                    return received.ReferenceNumber;
                }
            }
        }
    }

    /// <summary>Closes every session still open; a close whose answer was lost is asked again (21180 then means it was taken).</summary>
    public async Task CloseAsync(Action<string>? narrate, CancellationToken cancellation)
    {
        foreach (var reference in _references.Where(r => !_closed.Contains(r)).ToList())
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await session.SendAsync(HttpMethod.Post, $"sessions/online/{reference}/close", cancellation, narrate: narrate).ConfigureAwait(false);
                    break;
                }
                catch (KsefException e) when (e.ErrorId == ErrorIds.KsefUnavailable && attempt < 3)
                {
                    narrate?.Invoke($"The close of {reference} got no answer; asking again (a second close is harmless).");
                }
                catch (KsefException e) when (e.Server?.FirstCode is StatusForbidsOperation or SessionNotFound && attempt > 1)
                {
                    break;
                }
            }
            _closed.Add(reference);
            narrate?.Invoke($"Closed the online session {reference}.");
        }
        _current = null;
    }

    public bool AllClosed => _references.All(_closed.Contains);

    public void Dispose() => _cipher?.Dispose();

    private async Task<string> OpenAsync(Observer? observer, Action<string>? narrate, CancellationToken cancellation)
    {
        if (_current is not null)
        {
            return _current;
        }
        _cipher?.Dispose();
        _cipher = new SessionCipher();
        var answer = await SessionOpener.OpenAsync(session, "sessions/online", _cipher,
            encryption => new JsonObject { ["formCode"] = SessionOpener.Form(Form), ["encryption"] = encryption }, narrate, cancellation).ConfigureAwait(false);
        _current = ReferenceNumber.Require(RequiredValues.Text(answer, "referenceNumber"));
        _references.Add(_current);
        observer?.Opened(_current, _cipher);
        narrate?.Invoke($"Opened the online session {_current} for {Form.SystemCode}.");
        return _current;
    }
}
