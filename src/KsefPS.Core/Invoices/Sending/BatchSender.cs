using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Errors;
using KsefPS.Core.Sessions;
using KsefPS.Core.Identifiers;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>
/// Sends one sealed package in one batch session (BRIEF §7.7, docs sesja-wsadowa.md): open with the package declared,
/// upload the encrypted parts in parallel to the pre-signed links (no token, exactly the method and headers KSeF gave),
/// then close. A close whose answer was lost is asked again: KSeF's 21180 then says it was already taken.
/// </summary>
public sealed class BatchSender(KsefSession session, SendOptions options)
{
    private const int StatusForbidsOperation = 21180;

    /// <summary>KSeF allows 20 minutes per declared part for the uploads (docs sesja-wsadowa.md).</summary>
    public static readonly TimeSpan UploadWindowPerPart = TimeSpan.FromMinutes(20);

    internal async Task<BatchSession> OpenAsync(SealedPackage package, FormCode form, bool offlineMode, SessionCipher cipher, Action<string>? narrate,
        CancellationToken cancellation)
    {
        var answer = await SessionOpener.OpenAsync(session, "sessions/batch", cipher, encryption => new JsonObject
        {
            ["formCode"] = SessionOpener.Form(form),
            ["batchFile"] = new JsonObject
            {
                ["fileSize"] = package.PlainSize,
                ["fileHash"] = package.PlainHash,
                ["compressionType"] = package.Compression.ToString(),
                ["fileParts"] = new JsonArray(package.Parts.Select(p => (JsonNode)new JsonObject
                {
                    ["ordinalNumber"] = p.OrdinalNumber,
                    ["fileSize"] = p.Size,
                    ["fileHash"] = p.Hash,
                }).ToArray()),
            },
            ["encryption"] = encryption,
            ["offlineMode"] = offlineMode,
        }, narrate, cancellation).ConfigureAwait(false);
        var reference = ReferenceNumber.Require(RequiredValues.Text(answer, "referenceNumber"));
        narrate?.Invoke($"Opened the batch session {reference} for {package.EntryCount} {form.SystemCode} invoices in {package.Parts.Count} part(s).");
        return new BatchSession(reference, form, offlineMode, package, ReadUploads(answer, package));
    }

    /// <summary>Uploads every part, at most <see cref="SendOptions.ThrottleLimit"/> at once; <paramref name="uploaded"/> hears the bytes of each finished part.</summary>
    public async Task UploadAsync(IReadOnlyList<PartUpload> uploads, Action<long>? uploaded, Action<string>? narrate, CancellationToken cancellation)
    {
        using var gate = new SemaphoreSlim(Math.Max(1, options.ThrottleLimit));
        var tasks = uploads.Select(async upload =>
        {
            await gate.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                await session.Http.UploadAsync(upload.Url, upload.Method, upload.Headers, () => File.OpenRead(upload.Part.FilePath), cancellation).ConfigureAwait(false);
                uploaded?.Invoke(upload.Part.Size);
                narrate?.Invoke($"Uploaded part {upload.Part.OrdinalNumber} ({upload.Part.Size:N0} bytes).");
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    public async Task CloseAsync(string reference, Action<string>? narrate, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await session.SendAsync(HttpMethod.Post, $"sessions/batch/{ReferenceNumber.Require(reference)}/close", cancellation, narrate: narrate).ConfigureAwait(false);
                break;
            }
            catch (KsefException e) when (e.ErrorId == ErrorIds.KsefUnavailable && attempt < 3)
            {
                narrate?.Invoke($"The close of {reference} got no answer; asking again (a second close is harmless).");
            }
            catch (KsefException e) when (e.Server?.FirstCode == StatusForbidsOperation && attempt > 1)
            {
                break; // the lost close was taken
            }
        }
        narrate?.Invoke($"Closed the batch session {reference}; KSeF processes the package now.");
    }

    private IReadOnlyList<PartUpload> ReadUploads(JsonNode answer, SealedPackage package)
    {
        var result = new List<PartUpload>();
        foreach (var item in RequiredValues.Entries(answer["partUploadRequests"], "partUploadRequests"))
        {
            var ordinal = RequiredValues.Number(item, "ordinalNumber");
            var part = package.Parts.FirstOrDefault(p => p.OrdinalNumber == ordinal)
                ?? throw Unexpected($"KSeF gave an upload link for part {ordinal}, which was not declared.");
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in item["headers"] as JsonObject ?? [])
            {
                if (value is not null && !Forbidden.Contains(name))
                {
                    headers[name] = value.ToString();
                }
            }
            result.Add(new PartUpload(part, new HttpMethod(AnswerValues.Text(item["method"]) is { Length: > 0 } m ? m.ToUpperInvariant() : "PUT"),
                UploadUrl(AnswerValues.Text(item["url"])), headers));
        }
        if (package.Parts.Any(p => result.All(r => r.Part != p)))
        {
            throw Unexpected("KSeF gave no upload link for every declared part.");
        }
        return result;
    }

    // Headers a pre-signed upload must never carry, whatever the answer says: the token stays with the API.
    private static readonly HashSet<string> Forbidden = new(["Authorization", "Cookie", "Host", "Content-Length", "Transfer-Encoding"], StringComparer.OrdinalIgnoreCase);

    private Uri UploadUrl(string? url) =>
        session.Http.StorageLink(url) ?? throw Unexpected("KSeF gave an upload link that is not an absolute https address.");

    private static KsefException Unexpected(string message) => new(ErrorIds.BatchSessionFailed, KsefErrorKind.InvalidData, message);
}
