using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Security;
using KsefPS.Core.Sessions;

namespace KsefPS.Core.Invoices;

/// <summary>
/// One export package (BRIEF §8.3): KSeF builds a ZIP of the invoices a filter matches (at most 10,000, then
/// isTruncated) with their metadata, encrypted part by part with a key made here. Each part is checked against its
/// hashes before and after decryption and appended to a temporary file, so memory does not grow with the package;
/// each invoice is checked against the hash in _metadata.json and written into place atomically.
/// </summary>
public static class InvoiceExport
{
    private static readonly TimeSpan PreparationTimeout = TimeSpan.FromMinutes(10);
    private const long MaxInvoiceSize = 3_000_000;

    /// <param name="handled">KSeF numbers already dealt with in this run (a truncated package's last record comes again
    /// at the start of the next): skipped without being counted, and added to as the package is written.</param>
    public static async Task<ExportResult> SaveAsync(KsefSession session, InvoiceFilter filter, string directory, ISet<string> handled,
        Action<string>? narrate, CancellationToken cancellation)
    {
        using var cipher = new SessionCipher();
        var started = await PublicKeys.WithCurrentKeyAsync(session.Http, PublicKeys.SymmetricKeyEncryption, key =>
        {
            var (wrapped, iv) = cipher.Wrap(key);
            return session.SendAsync(HttpMethod.Post, "invoices/exports", cancellation, new JsonObject
            {
                ["encryption"] = new JsonObject { ["encryptedSymmetricKey"] = wrapped, ["initializationVector"] = iv, ["publicKeyId"] = key.PublicKeyId },
                ["filters"] = InvoiceQuery.Body(filter),
            });
        }, narrate, cancellation).ConfigureAwait(false);
        var reference = ReferenceNumber.Require(AnswerValues.Text(started?["referenceNumber"]));
        var status = await StatusPolling.UntilAsync(
            () => session.SendAsync(HttpMethod.Get, $"invoices/exports/{reference}", cancellation, idempotent: true)!,
            answer => RequiredValues.Number(answer, "status", "code") != 100, PreparationTimeout, cancellation).ConfigureAwait(false);
        var code = RequiredValues.Number(status, "status", "code");
        if (code != 200)
        {
            throw new KsefException(ErrorIds.KsefRequestRejected, KsefErrorKind.InvalidOperation,
                $"KSeF did not prepare the export {reference}: {code} {AnswerValues.Text(AnswerValues.At(status, "status", "description"))}.", reference);
        }
        var package = RequiredValues.Object(status, "package");
        narrate?.Invoke($"Export {reference}: {package["invoiceCount"]} invoices in {RequiredValues.List(package, "parts").Count} part(s)" +
            (RequiredValues.Flag(package, "isTruncated") ? ", truncated." : "."));

        var archive = ContainedPath.Join(directory, $".export-{reference}.part");
        OutputFolder.Ensure(directory);
        try
        {
            await DownloadPartsAsync(session, package, cipher, archive, cancellation).ConfigureAwait(false);
            var (downloaded, present) = await ExtractAsync(archive, directory, handled, cancellation).ConfigureAwait(false);
            return new ExportResult(downloaded, present, RequiredValues.Flag(package, "isTruncated"),
                AnswerValues.Date(package["lastPermanentStorageDate"]), AnswerValues.Date(package["permanentStorageHwmDate"]));
        }
        finally
        {
            File.Delete(archive);
        }
    }

    private static async Task DownloadPartsAsync(KsefSession session, JsonNode package, SessionCipher cipher, string archive, CancellationToken cancellation)
    {
        var encryptedPart = archive + ".encrypted";
        try
        {
            await using var output = new FileStream(archive, FileMode.Create, FileAccess.Write, FileShare.None);
            foreach (var part in RequiredValues.List(package, "parts").OrderBy(p => RequiredValues.Number(p, "ordinalNumber")))
            {
                var name = UntrustedText.Quote(AnswerValues.Text(part?["partName"]));
                var link = session.Http.StorageLink(AnswerValues.Text(part?["url"]))
                    ?? throw new KsefException(ErrorIds.KsefAnswerInvalid, KsefErrorKind.InvalidData,
                        $"KSeF gave a download link for the export part {name} that is not an absolute https address; it was not followed.", name);
                await using (var encrypted = new FileStream(encryptedPart, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
                {
                    // Pre-signed storage links are fetched without the access token.
                    await session.Http.DownloadToAsync(link.AbsoluteUri, encrypted, cancellation).ConfigureAwait(false);
                    encrypted.Position = 0;
                    if (await HashOfAsync(encrypted, cancellation).ConfigureAwait(false) != RequiredValues.Text(part, "encryptedPartHash"))
                    {
                        throw Mismatch($"The export part {name} does not match its encrypted hash.", name);
                    }
                    encrypted.Position = 0;
                    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    await using (var decrypting = new CryptoStream(encrypted, cipher.CreateDecryptor(), CryptoStreamMode.Read, leaveOpen: true))
                    {
                        var buffer = new byte[81920];
                        int read;
                        while ((read = await decrypting.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0)
                        {
                            hash.AppendData(buffer, 0, read);
                            await output.WriteAsync(buffer.AsMemory(0, read), cancellation).ConfigureAwait(false);
                        }
                    }
                    if (Convert.ToBase64String(hash.GetHashAndReset()) != RequiredValues.Text(part, "partHash"))
                    {
                        throw Mismatch($"The export part {name} does not match its hash once decrypted.", name);
                    }
                }
            }
        }
        finally
        {
            File.Delete(encryptedPart);
        }
    }

    private static async Task<string> HashOfAsync(Stream stream, CancellationToken cancellation) =>
        Convert.ToBase64String(await SHA256.HashDataAsync(stream, cancellation).ConfigureAwait(false));

    private static async Task<(int Downloaded, int Present)> ExtractAsync(string archive, string directory, ISet<string> handled, CancellationToken cancellation)
    {
        using var zip = ZipFile.OpenRead(archive);
        var metadata = zip.GetEntry("_metadata.json") ?? throw Mismatch("The export package has no _metadata.json.", archive);
        PackageIndex? index;
        await using (var stream = metadata.Open())
        {
            try
            {
                // Only the number and hash of each invoice are kept: the rest of the metadata is skipped while reading.
                index = await JsonSerializer.DeserializeAsync<PackageIndex>(stream, KsefHttpClient.Json, cancellation).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw Mismatch($"The export package's _metadata.json cannot be read: {e.Message}", archive);
            }
        }
        int downloaded = 0, present = 0;
        foreach (var (number, hash) in index?.Invoices ?? throw Mismatch("The export package's _metadata.json lists no invoices.", archive))
        {
            if (number is null || hash is null)
            {
                throw Mismatch("The export package's _metadata.json lists an invoice without its KSeF number or hash.", archive);
            }
            if (!handled.Add(number))
            {
                continue;
            }
            var target = InvoiceDownloader.TargetOf(directory, number, fromKsef: true);
            if (InvoiceDownloader.IsSaved(target, hash))
            {
                present++;
                continue;
            }
            var entry = zip.GetEntry(number + ".xml") ?? throw Mismatch($"The export package lists {number} but does not hold it.", number);
            if (entry.Length > MaxInvoiceSize)
            {
                throw Mismatch($"The invoice {number} in the export package claims {entry.Length:N0} bytes; KSeF invoices are at most 3 MB.", number);
            }
            var content = new byte[entry.Length];
            await using (var stream = entry.Open())
            {
                await stream.ReadExactlyAsync(content, cancellation).ConfigureAwait(false);
            }
            if (InvoiceDownloader.HashOf(content) != hash)
            {
                throw Mismatch($"The invoice {number} in the export package does not hash to the value in its metadata; it was not written.", number);
            }
            await InvoiceDownloader.WriteAtomicallyAsync(target, content, cancellation).ConfigureAwait(false);
            downloaded++;
        }
        return (downloaded, present);
    }

    private sealed record PackageIndex(IReadOnlyList<PackageEntry>? Invoices);

    private sealed record PackageEntry(string? KsefNumber, string? InvoiceHash);

    private static KsefException Mismatch(string message, string? target) =>
        new(ErrorIds.InvoiceHashMismatch, KsefErrorKind.InvalidData, message, target);
}
