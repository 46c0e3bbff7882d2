using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KsefPS.Emulator.Auth;
using KsefPS.Emulator.Infrastructure;
using KsefPS.Emulator.Security;
using Microsoft.AspNetCore.Http.Features;

namespace KsefPS.Emulator.Invoices;

/// <summary>
/// Batch sessions (BRIEF §7.7, docs sesja-wsadowa.md): open with the package declared, parts uploaded to pre-signed
/// storage links without a token, close, then asynchronous processing of the whole package.
/// </summary>
public sealed class BatchEndpoints(Jwt jwt, SessionState sessions, MfCertificates mf, AuthState auth, StorageLinks links, EmulatorOptions options, BatchProcessor processor)
{
    private static readonly string[] WritePermissions = ["InvoiceWrite", "EnforcementOperations"];
    private static readonly string[] BatchForms = ["FA (2)", "FA (3)", "FA_RR (1)"];

    public static void Map(WebApplication app)
    {
        var processor = new BatchProcessor(app.Services.GetRequiredService<InvoiceVerifier>(), app.Services.GetRequiredService<Status.SessionLimits>());
        var endpoints = ActivatorUtilities.CreateInstance<BatchEndpoints>(app.Services, processor);
        app.MapPost("/v2/sessions/batch", endpoints.Open);
        app.MapPut("/storage/batch/{referenceNumber}/parts/{ordinal:int}", endpoints.UploadPart);
        app.MapPost("/v2/sessions/batch/{referenceNumber}/close", endpoints.Close);
    }

    private IResult Open(HttpContext http, JsonObject request)
    {
        var (claims, context, refusal) = Access.Require(jwt, http, WritePermissions);
        if (refusal is not null)
        {
            return refusal;
        }
        if (SessionOpening.Read(request) is not { } opening || !BatchForms.Contains(opening.Form.SystemCode))
        {
            return Invalid(http, $"formCode must be one of {string.Join(", ", BatchForms)}; encryption needs encryptedSymmetricKey and initializationVector.");
        }
        if (ReadPackage(http, request, options, out var declared) is { } badPackage)
        {
            return badPackage;
        }
        if (InvoiceRefusals.RefuseUnknownKey(http, mf, opening.PublicKeyId) is { } unknownKey)
        {
            return unknownKey;
        }
        var unwrapped = mf.UnwrapSymmetricKey(opening.WrappedKey, opening.InitializationVector);
        var now = DateTimeOffset.UtcNow;
        var batch = new BatchPackage
        {
            FileSize = declared.FileSize,
            FileHash = declared.FileHash,
            Compression = declared.Compression,
            OfflineMode = request.Property("offlineMode") is JsonValue flag && flag.TryGetValue<bool>(out var offline) && offline,
            Parts = declared.Parts,
            UploadDeadline = now + options.BatchUploadWindowPerPart * declared.Parts.Count,
        };
        if (unwrapped is null)
        {
            batch.Failure = (415, "Błąd odszyfrowania dostarczonego klucza");
        }
        var session = InvoiceSession.Open("SB", claims!, context!, opening.Form, unwrapped, auth, now, batch);
        sessions.Sessions[session.ReferenceNumber] = session;
        var uploads = declared.Parts.Select(part =>
        {
            var (url, _) = links.Sign(http, $"/storage/batch/{session.ReferenceNumber}/parts/{part.Ordinal}", batch.UploadDeadline);
            return (JsonNode)new JsonObject
            {
                ["ordinalNumber"] = part.Ordinal,
                ["method"] = "PUT",
                ["url"] = url,
                ["headers"] = new JsonObject { ["x-ms-blob-type"] = "BlockBlob" },
            };
        }).ToArray();
        return Results.Json(new JsonObject { ["referenceNumber"] = session.ReferenceNumber, ["partUploadRequests"] = new JsonArray(uploads) }, statusCode: 201);
    }

    private async Task<IResult> UploadPart(HttpContext http, string referenceNumber, int ordinal, long se, string? sig)
    {
        // A pre-signed link: checked when the request starts; an upload that began in time is completed (docs).
        if (!links.Verify(http.Request.Path.Value!, se, sig) || !sessions.Sessions.TryGetValue(referenceNumber, out var session)
            || session.Batch is not { } batch || session.ClosedAt is not null || DateTimeOffset.UtcNow >= batch.UploadDeadline)
        {
            return Results.StatusCode(403);
        }
        if (http.Request.Headers.Authorization.Count > 0 || http.Request.Headers["x-ms-blob-type"] != "BlockBlob"
            || batch.Parts.All(p => p.Ordinal != ordinal))
        {
            return Results.StatusCode(400);
        }
        var limit = options.MaxBatchPartSize + 16;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limit + 1;
        }
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        if (body.Length > limit)
        {
            return Results.StatusCode(400);
        }
        batch.Uploaded[ordinal] = body.ToArray();
        session.Updated = DateTimeOffset.UtcNow;
        return Results.StatusCode(201);
    }

    private IResult Close(HttpContext http, string referenceNumber)
    {
        var (claims, context, refusal) = Access.Require(jwt, http, WritePermissions);
        if (refusal is not null)
        {
            return refusal;
        }
        if (!sessions.Sessions.TryGetValue(referenceNumber, out var session) || session.Context != context || session.Batch is not { } batch
            || !session.OpenedBy(claims!))
        {
            return Errors.BadRequest(http, 21173, "Brak sesji o wskazanym numerze referencyjnym.",
                $"Sesja o numerze referencyjnym {referenceNumber} nie została odnaleziona.");
        }
        var now = DateTimeOffset.UtcNow;
        lock (batch)
        {
            var (code, _) = session.StatusAt(now);
            if (session.ClosedAt is not null || batch.Failure is not null)
            {
                return Errors.BadRequest(http, 21180, "Status sesji nie pozwala na wykonanie operacji.", $"Status sesji {code} uniemożliwia jej zamknięcie.");
            }
            if (now >= batch.UploadDeadline || now >= session.ValidUntil)
            {
                return Errors.BadRequest(http, 21208, "Czas oczekiwania na requesty upload lub finish został przekroczony.", "Sesja anulowana, przekroczony czas wysyłki.");
            }
            foreach (var part in batch.Parts)
            {
                if (!batch.Uploaded.TryGetValue(part.Ordinal, out var uploaded))
                {
                    return Errors.BadRequest(http, 21205, "Pakiet nie może być pusty.", $"Nie przesłano zadeklarowanej '{part.Ordinal}' części pliku.");
                }
                if (uploaded.Length != part.Size)
                {
                    return Errors.BadRequest(http, 21157, "Nieprawidłowy rozmiar części pakietu.",
                        $"Zadeklarowany rozmiar części '{part.Ordinal}' nie zgadza się z rzeczywistym.");
                }
            }
            session.ClosedAt = session.Updated = now;
            session.UpoReference = ReferenceNumbers.New("EU");
        }
        _ = Task.Run(() => processor.Process(session));
        return Results.NoContent();
    }

    private sealed record DeclaredPackage(long FileSize, string FileHash, string Compression, IReadOnlyList<(int Ordinal, long Size, string Hash)> Parts);

    /// <summary>batchFile as KSeF checks it at open: sizes, hashes, part count (21161) and part sizes (21157).</summary>
    private static IResult? ReadPackage(HttpContext http, JsonObject request, EmulatorOptions options, out DeclaredPackage declared)
    {
        declared = null!;
        static long? Number(JsonObject json, string name) => json.Property(name) is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;
        var file = request.GetObject("batchFile");
        var compression = file?.Property("compressionType") is JsonValue c && c.TryGetValue<string>(out var named) ? named : "Zip";
        if (file is not null && Number(file, "fileSize") > options.MaxBatchPackageSize)
        {
            // KSeF's validator, as the official Java client's batch test read it
            return Invalid(http, ValidatorWords.AtMost("fileSize", options.MaxBatchPackageSize));
        }
        if (file is null || Number(file, "fileSize") is not { } size || size < 1
            || file.Get("fileHash") is not { Length: 44 } hash || compression is not ("Zip" or "TarGz") || file.GetArray("fileParts") is not { Count: > 0 } parts)
        {
            return Invalid(http, $"batchFile needs fileSize (1..{options.MaxBatchPackageSize}), fileHash, fileParts and a compressionType of Zip or TarGz.");
        }
        if (parts.Count > options.MaxBatchParts)
        {
            return Errors.BadRequest(http, 21161, "Przekroczono dozwoloną liczbę części pakietu.", $"At most {options.MaxBatchParts} parts; {parts.Count} declared.");
        }
        var list = new List<(int, long, string)>();
        foreach (var part in parts.OfType<JsonObject>())
        {
            if (Number(part, "ordinalNumber") is not { } ordinal || ordinal < 1 || Number(part, "fileSize") is not { } partSize || partSize < 1
                || part.Get("fileHash") is not { Length: 44 } partHash || list.Any(p => p.Item1 == ordinal))
            {
                return Invalid(http, "Every part needs a distinct ordinalNumber (from 1), a fileSize and a fileHash.");
            }
            if (partSize > options.MaxBatchPartSize + 16)
            {
                return Errors.BadRequest(http, 21157, "Nieprawidłowy rozmiar części pakietu.",
                    $"Part {ordinal} has {partSize} bytes; at most {options.MaxBatchPartSize} before encryption are allowed.");
            }
            list.Add(((int)ordinal, partSize, partHash));
        }
        if (list.Count != parts.Count)
        {
            return Invalid(http, "fileParts must hold objects.");
        }
        declared = new DeclaredPackage(size, hash, compression, list.OrderBy(p => p.Item1).ToList());
        return null;
    }

    private static IResult Invalid(HttpContext http, string detail) => Errors.InvalidInput(http, detail);
}
