using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KsefPS.Emulator.Auth;
using KsefPS.Emulator.Infrastructure;
using KsefPS.Emulator.Security;

namespace KsefPS.Emulator.Invoices;

/// <summary>
/// /v2/invoices/exports (BRIEF §8.3): a ZIP of {ksefNumber}.xml files and _metadata.json, in date order, at most
/// QueryRecordLimit invoices (then isTruncated), split into parts each encrypted with the client's AES key and IV,
/// downloaded by pre-signed links without a token.
/// </summary>
public sealed class ExportEndpoints(Jwt jwt, InvoiceRepository repository, MfCertificates mf, StorageLinks links, EmulatorOptions options)
{
    private sealed record Part(byte[] Plain, byte[] Encrypted);

    private sealed record Export(string ReferenceNumber, Identifier Context, DateTimeOffset ReadyAt, IReadOnlyList<Part> Parts, int InvoiceCount,
        bool IsTruncated, StoredInvoice? Last, DateTimeOffset? HighWaterMark);

    private readonly ConcurrentDictionary<string, Export> exports = new();

    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<ExportEndpoints>(app.Services);
        app.MapPost("/v2/invoices/exports", endpoints.Start);
        app.MapGet("/v2/invoices/exports/{referenceNumber}", endpoints.Status);
        app.MapGet("/storage/exports/{referenceNumber}/{ordinal:int}", endpoints.DownloadPart);
    }

    private IResult Start(HttpContext http, JsonObject request)
    {
        var (_, context, refusal) = Access.Require(jwt, http, "InvoiceRead");
        if (refusal is not null)
        {
            return refusal;
        }
        var encryption = request.GetObject("encryption");
        if (request.GetObject("filters") is not { } filters || !QueryFilter.TryRead(filters, out var filter, out var problem)
            || encryption?.Get("encryptedSymmetricKey") is not { } wrapped || encryption.Get("initializationVector") is not { } iv)
        {
            return Errors.InvalidInput(http, "encryption and valid filters are required.");
        }
        if (InvoiceRefusals.RefuseUnknownKey(http, mf, encryption.Get("publicKeyId")) is { } unknownKey)
        {
            return unknownKey;
        }
        if (mf.UnwrapSymmetricKey(wrapped, iv) is not { } key)
        {
            return Errors.InvalidInput(http, "The symmetric key or IV does not decrypt to 32 and 16 bytes.");
        }
        var (visible, hwm) = repository.Visible();
        if (InvoiceRefusals.RefuseBeyondHighWaterMark(http, filter, hwm) is { } beyond)
        {
            return beyond;
        }
        var matches = filter.Select(visible, context!, hwm);
        var included = matches.Take(options.QueryRecordLimit).ToList();
        var onlyMetadata = request.Property("onlyMetadata") is JsonValue flag && flag.TryGetValue<bool>(out var only) && only;
        var package = Package(included, onlyMetadata);
        var parts = package.Chunk(options.ExportPartSize).Select(plain => new Part(plain, Encrypt(plain, key.Key, key.Iv))).ToList();
        var export = new Export(ReferenceNumbers.New("EX"), context!, DateTimeOffset.UtcNow + options.ExportProcessingDelay, parts, included.Count,
            matches.Count > included.Count, included.LastOrDefault(), filter.DateType == "PermanentStorage" ? hwm : null);
        exports[export.ReferenceNumber] = export;
        return Results.Json(new JsonObject { ["referenceNumber"] = export.ReferenceNumber }, statusCode: 201);
    }

    private IResult Status(HttpContext http, string referenceNumber)
    {
        var (_, context, refusal) = Access.Require(jwt, http, "InvoiceRead");
        if (refusal is not null)
        {
            return refusal;
        }
        if (!exports.TryGetValue(referenceNumber, out var export) || export.Context != context)
        {
            return Errors.InvalidInput(http, $"No export {referenceNumber}.");
        }
        if (DateTimeOffset.UtcNow - export.ReadyAt > options.ExportStatusRetention)
        {
            return Errors.Gone(http, "Status eksportu wygasł i nie jest już dostępny.");
        }
        if (DateTimeOffset.UtcNow < export.ReadyAt)
        {
            return Results.Json(new JsonObject { ["status"] = new JsonObject { ["code"] = 100, ["description"] = "Eksport faktur w toku" } });
        }
        var parts = export.Parts.Select((part, index) =>
        {
            var (url, expires) = links.Sign(http, $"/storage/exports/{export.ReferenceNumber}/{index + 1}");
            return (JsonNode)new JsonObject
            {
                ["ordinalNumber"] = index + 1,
                ["partName"] = $"{export.ReferenceNumber}-{index + 1:000}.zip.aes",
                ["method"] = "GET",
                ["url"] = url,
                ["partSize"] = part.Plain.Length,
                ["partHash"] = Convert.ToBase64String(SHA256.HashData(part.Plain)),
                ["encryptedPartSize"] = part.Encrypted.Length,
                ["encryptedPartHash"] = Convert.ToBase64String(SHA256.HashData(part.Encrypted)),
                ["expirationDate"] = expires.ToString("O"),
            };
        }).ToArray();
        var package = new JsonObject
        {
            ["invoiceCount"] = export.InvoiceCount,
            ["size"] = export.Parts.Sum(p => (long)p.Plain.Length),
            ["parts"] = new JsonArray(parts),
            ["isTruncated"] = export.IsTruncated,
        };
        if (export.Last is { } last)
        {
            package["lastIssueDate"] = last.Facts.IssueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            package["lastInvoicingDate"] = last.InvoicingDate.ToString("O");
            package["lastPermanentStorageDate"] = last.PermanentStorageDate.ToString("O");
        }
        if (export.HighWaterMark is { } hwm)
        {
            package["permanentStorageHwmDate"] = hwm.ToString("O");
        }
        return Results.Json(new JsonObject
        {
            ["status"] = new JsonObject { ["code"] = 200, ["description"] = "Eksport faktur zakończony sukcesem" },
            ["completedDate"] = export.ReadyAt.ToString("O"),
            ["packageExpirationDate"] = export.ReadyAt.AddDays(7).ToString("O"),
            ["package"] = package,
        });
    }

    private IResult DownloadPart(HttpContext http, string referenceNumber, int ordinal, long se, string? sig) =>
        links.Verify(http.Request.Path.Value!, se, sig) && exports.TryGetValue(referenceNumber, out var export) && ordinal >= 1 && ordinal <= export.Parts.Count
                ? Results.Bytes(export.Parts[ordinal - 1].Encrypted, "application/octet-stream")
                : Results.StatusCode(403);

    private static byte[] Package(IReadOnlyList<StoredInvoice> invoices, bool onlyMetadata)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            if (!onlyMetadata)
            {
                foreach (var invoice in invoices)
                {
                    using var entry = zip.CreateEntry(invoice.KsefNumber + ".xml", CompressionLevel.Fastest).Open();
                    entry.Write(invoice.Content);
                }
            }
            var metadata = new JsonObject { ["invoices"] = new JsonArray(invoices.Select(i => (JsonNode)InvoiceQueryEndpoints.Describe(i)).ToArray()) };
            using var metadataEntry = zip.CreateEntry("_metadata.json", CompressionLevel.Fastest).Open();
            metadataEntry.Write(Encoding.UTF8.GetBytes(metadata.ToJsonString()));
        }
        return output.ToArray();
    }

    private static byte[] Encrypt(byte[] plain, byte[] key, byte[] iv)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        return aes.EncryptCbc(plain, iv, PaddingMode.PKCS7);
    }
}
