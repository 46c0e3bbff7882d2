using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KsefPS.Core.Sessions;
using KsefPS.Core.Store;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>
/// Writes every send into the store's journal before it leaves (DESIGN §5): the session's reference, its key and upload
/// links sealed, and each invoice with its hash. A killed run is finished from it (<see cref="SendResumer"/>), and a
/// re-run of the same files learns from it what KSeF already has.
/// </summary>
public sealed class SendJournal(KsefStore store, KsefSession session)
{
    /// <summary>How long finished sessions stay in the journal for re-run checks.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public KsefStore Store => store;
    public string ApiUrl => session.ApiUrl.AbsoluteUri;
    public string Context => session.Context.ToString();

    /// <summary>Where a run keeps its encrypted batch parts until KSeF has taken them: beside the store, owner-only.</summary>
    public string NewWorkDirectory() =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store.Path))!, "outbox", Guid.NewGuid().ToString("N"));

    internal void OnlineOpened(string reference, FormCode form, SessionCipher cipher) =>
        store.JournalSession(NewSession(reference, JournalSession.Online, form, false, null, null), Secret(cipher, null), []);

    internal void OnlineSending(string reference, int ordinal, InvoiceFile invoice, SendRequest request) =>
        store.JournalItems(reference, [Item(ordinal, invoice.Path, null, invoice.Hash, invoice.InvoiceNumber, invoice.SellerNip, invoice.IssueDate, request)]);

    internal void OnlineRefused(string reference, int ordinal) => store.ForgetJournalItem(reference, ordinal);

    internal void OnlineSent(string reference, int ordinal, string invoiceReference) =>
        store.JournalResults(reference, [new JournalVerdict(ordinal, invoiceReference)]);

    internal void BatchOpened(BatchSession batch, SessionCipher cipher, IReadOnlyList<SendRequest> requests, DateTimeOffset uploadUntil)
    {
        var items = batch.Package.Entries.Select((e, i) => Item(i + 1, e.Path, e.EntryName, e.Hash, e.InvoiceNumber, e.SellerNip, e.IssueDate, requests[i]));
        var directory = batch.Package.Parts.Count > 0 ? Path.GetDirectoryName(batch.Package.Parts[0].FilePath) : null;
        store.JournalSession(NewSession(batch.ReferenceNumber, JournalSession.Batch, batch.Form, batch.OfflineMode, directory, uploadUntil),
            Secret(cipher, batch.Uploads), items);
    }

    public void Closed(string reference) => store.JournalState(reference, JournalSession.Closed);

    /// <summary>KSeF's verdicts on a session's invoices, by their journal ordinals; the session is done when <paramref name="done"/>.</summary>
    internal void Record(string reference, IEnumerable<SentInvoice> results, bool done)
    {
        store.JournalResults(reference, results.Where(r => r.JournalOrdinal > 0)
            .Select(r => new JournalVerdict(r.JournalOrdinal, r.ReferenceNumber, r.Status == SendStatus.Sent ? null : r.StatusCode, r.KsefNumber,
                r.InvoicingMode, r.AcquisitionDate)));
        if (done)
        {
            store.JournalState(reference, JournalSession.Done);
        }
    }

    public void Done(string reference) => store.JournalState(reference, JournalSession.Done);

    public IReadOnlyList<(JournalSession Session, JournalItem Item)> FindSent(string hash) => store.FindSent(ApiUrl, Context, hash);

    public IReadOnlyList<JournalSession> Unfinished() => store.UnfinishedSendSessions(ApiUrl, Context);

    /// <summary>Where a journalled batch session's encrypted parts go (the parts on disk need no key to be uploaded again).</summary>
    internal IReadOnlyList<PartUpload> OpenUploads(string reference)
    {
        var secret = store.OpenJournalSecret(reference);
        try
        {
            var json = JsonNode.Parse(secret)!;
            return (json["uploads"]?.AsArray() ?? []).Select(u => new PartUpload(
                new EncryptedPart(u!["ordinal"]!.GetValue<int>(), u["file"]!.GetValue<string>(), u["size"]!.GetValue<long>(), u["hash"]!.GetValue<string>()),
                new HttpMethod(u["method"]!.GetValue<string>()), new Uri(u["url"]!.GetValue<string>()),
                (u["headers"] as JsonObject ?? []).ToDictionary(h => h.Key, h => h.Value?.ToString() ?? "", StringComparer.OrdinalIgnoreCase))).ToList();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private JournalSession NewSession(string reference, string kind, FormCode form, bool offline, string? partsDirectory, DateTimeOffset? uploadUntil) =>
        new(reference, kind, session.Environment.ToString(), ApiUrl, Context, $"{form.SystemCode}|{form.SchemaVersion}|{form.Value}", offline,
            partsDirectory, uploadUntil, JournalSession.Opened, DateTimeOffset.UtcNow);

    private static JournalItem Item(int ordinal, string path, string? entryName, string hash, string number, string seller, DateOnly? issued,
        SendRequest request) =>
        new(ordinal, path, entryName, hash, number, seller, request.OfflineInvoiceId, request.CorrectedInvoiceHash, IssueDate: issued);

    private static byte[] Secret(SessionCipher cipher, IReadOnlyList<PartUpload>? uploads)
    {
        var material = cipher.ExportKeyMaterial();
        var json = new JsonObject { ["key"] = Convert.ToBase64String(material) };
        CryptographicOperations.ZeroMemory(material);
        if (uploads is not null)
        {
            json["uploads"] = new JsonArray(uploads.Select(u => (JsonNode)new JsonObject
            {
                ["ordinal"] = u.Part.OrdinalNumber,
                ["file"] = u.Part.FilePath,
                ["size"] = u.Part.Size,
                ["hash"] = u.Part.Hash,
                ["method"] = u.Method.Method,
                ["url"] = u.Url.AbsoluteUri,
                ["headers"] = new JsonObject(u.Headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))),
            }).ToArray());
        }
        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
    }
}
