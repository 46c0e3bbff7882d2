using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Errors;
using KsefPS.Core.Sessions;

namespace KsefPS.Core.Invoices;

/// <summary>
/// One KSeF online session for one form code (BRIEF §7): opened on the first invoice, each invoice encrypted with the
/// session's key, closed once. After a lost answer the session's invoice list is asked before anything is sent again:
/// KSeF would otherwise see the same invoice twice.
/// </summary>
public sealed class OnlineInvoiceSession : IDisposable
{
    private const int MaxSendAttempts = 3;
    private readonly KsefSession _session;
    private readonly SessionCipher _cipher = new();

    public OnlineInvoiceSession(KsefSession session, FormCode form)
    {
        _session = session;
        Form = form;
    }

    public FormCode Form { get; }
    public string? ReferenceNumber { get; private set; }
    public bool Closed { get; private set; }
    public int Sent { get; private set; }

    public async Task<string> SendAsync(InvoiceFile invoice, bool offlineMode, Action<string>? narrate, CancellationToken cancellation)
    {
        var reference = await OpenAsync(narrate, cancellation).ConfigureAwait(false);
        var encrypted = _cipher.Encrypt(invoice.Content);
        var body = new JsonObject
        {
            ["invoiceHash"] = invoice.Hash,
            ["invoiceSize"] = invoice.Content.Length,
            ["encryptedInvoiceHash"] = Convert.ToBase64String(SHA256.HashData(encrypted)),
            ["encryptedInvoiceSize"] = encrypted.Length,
            ["encryptedInvoiceContent"] = Convert.ToBase64String(encrypted),
            ["offlineMode"] = offlineMode,
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var answer = await _session.SendAsync(HttpMethod.Post, $"sessions/online/{reference}/invoices", cancellation, body).ConfigureAwait(false);
                Sent++;
                return answer!["referenceNumber"]!.GetValue<string>();
            }
            catch (KsefException e) when (e.ErrorId == ErrorIds.KsefUnavailable && attempt < MaxSendAttempts)
            {
                narrate?.Invoke($"The answer for '{invoice.Path}' was lost; asking the session whether KSeF received it before sending again.");
                if (await FindByHashAsync(invoice.Hash, cancellation).ConfigureAwait(false) is { } received)
                {
                    Sent++;
                    return received.ReferenceNumber;
                }
            }
        }
    }

    /// <summary>Every invoice of the session as KSeF reports it now (paged with continuation tokens).</summary>
    public async Task<List<InvoiceStatus>> ListAsync(CancellationToken cancellation)
    {
        var result = new List<InvoiceStatus>();
        if (ReferenceNumber is null)
        {
            return result;
        }
        string? continuation = null;
        do
        {
            var page = await _session.SendAsync(HttpMethod.Get, $"sessions/{ReferenceNumber}/invoices?pageSize=1000", cancellation,
                idempotent: true, continuationToken: continuation).ConfigureAwait(false);
            result.AddRange(page!["invoices"]!.AsArray().Select(i => InvoiceStatus.From(i!)));
            continuation = page["continuationToken"]?.GetValue<string>();
        }
        while (continuation is not null);
        return result;
    }

    /// <summary>Polls the session's invoice list until every invoice is final or the time is up.</summary>
    public Task<List<InvoiceStatus>> WaitAsync(TimeSpan timeout, CancellationToken cancellation) =>
        StatusPolling.UntilAsync(() => ListAsync(cancellation), statuses => statuses.All(s => s.IsFinal), timeout, cancellation);

    public async Task CloseAsync(Action<string>? narrate, CancellationToken cancellation)
    {
        if (ReferenceNumber is null || Closed)
        {
            return;
        }
        Closed = true;
        await _session.SendAsync(HttpMethod.Post, $"sessions/online/{ReferenceNumber}/close", cancellation).ConfigureAwait(false);
        narrate?.Invoke($"Closed the online session {ReferenceNumber} ({Sent} invoices).");
    }

    public void Dispose() => _cipher.Dispose();

    private async Task<string> OpenAsync(Action<string>? narrate, CancellationToken cancellation)
    {
        if (ReferenceNumber is not null)
        {
            return ReferenceNumber;
        }
        JsonNode? answer;
        try
        {
            answer = await OpenWithCurrentKeyAsync(cancellation).ConfigureAwait(false);
        }
        catch (KsefException e) when (e.Server?.FirstCode == KeyWithdrawn)
        {
            // The Ministry rotated its key between our fetch and the open (BRIEF §5): fetch the list again, once.
            narrate?.Invoke("KSeF no longer takes that encryption key; fetching its current keys and opening again.");
            answer = await OpenWithCurrentKeyAsync(cancellation).ConfigureAwait(false);
        }
        ReferenceNumber = answer!["referenceNumber"]!.GetValue<string>();
        narrate?.Invoke($"Opened the online session {ReferenceNumber} for {Form.SystemCode}.");
        return ReferenceNumber;
    }

    private const int KeyWithdrawn = 21470;

    private async Task<JsonNode?> OpenWithCurrentKeyAsync(CancellationToken cancellation)
    {
        var key = await PublicKeys.ForUsageAsync(_session.Http, PublicKeys.SymmetricKeyEncryption, cancellation).ConfigureAwait(false);
        var (wrapped, iv) = _cipher.Wrap(key);
        return await _session.SendAsync(HttpMethod.Post, "sessions/online", cancellation, new JsonObject
        {
            ["formCode"] = new JsonObject { ["systemCode"] = Form.SystemCode, ["schemaVersion"] = Form.SchemaVersion, ["value"] = Form.Value },
            ["encryption"] = new JsonObject { ["encryptedSymmetricKey"] = wrapped, ["initializationVector"] = iv, ["publicKeyId"] = key.PublicKeyId },
        }).ConfigureAwait(false);
    }

    private async Task<InvoiceStatus?> FindByHashAsync(string hash, CancellationToken cancellation) =>
        (await ListAsync(cancellation).ConfigureAwait(false)).FirstOrDefault(s => s.Hash == hash);
}
