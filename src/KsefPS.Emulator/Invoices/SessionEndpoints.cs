using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using KsefPS.Emulator.Auth;
using KsefPS.Emulator.Infrastructure;
using KsefPS.Emulator.Security;

namespace KsefPS.Emulator.Invoices;

/// <summary>/v2/sessions: online sessions, sending invoices, their statuses and UPOs (BRIEF §7).</summary>
public sealed class SessionEndpoints(Jwt jwt, SessionState sessions, InvoiceRepository repository, MfCertificates mf, AuthState auth, StorageLinks links, InvoiceVerifier verifier, Status.SessionLimits limits)
{
    private static readonly string[] WritePermissions = ["InvoiceWrite", "PefInvoiceWrite", "EnforcementOperations"];

    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<SessionEndpoints>(app.Services);
        app.MapPost("/v2/sessions/online", endpoints.OpenOnline);
        app.MapPost("/v2/sessions/online/{referenceNumber}/invoices", endpoints.SendInvoice);
        app.MapPost("/v2/sessions/online/{referenceNumber}/close", endpoints.CloseOnline);
        app.MapGet("/v2/sessions/{referenceNumber}", endpoints.Status);
        app.MapGet("/v2/sessions/{referenceNumber}/invoices", endpoints.AllInvoices);
        app.MapGet("/v2/sessions/{referenceNumber}/invoices/failed", endpoints.FailedInvoices);
        app.MapGet("/v2/sessions/{referenceNumber}/invoices/{invoiceReference}", endpoints.InvoiceStatus);
        app.MapGet("/v2/sessions/{referenceNumber}/invoices/{invoiceReference}/upo", endpoints.InvoiceUpoByReference);
        app.MapGet("/v2/sessions/{referenceNumber}/invoices/ksef/{ksefNumber}/upo", endpoints.InvoiceUpoByKsefNumber);
        app.MapGet("/v2/sessions/{referenceNumber}/upo/{upoReference}", endpoints.SessionUpoByReference);
        app.MapGet("/storage/upo/{referenceNumber}/{upoReference}", endpoints.DownloadSessionUpo);
        app.MapGet("/storage/upo/{referenceNumber}/invoices/{invoiceReference}", endpoints.DownloadInvoiceUpo);
    }

    private IResult OpenOnline(HttpContext http, JsonObject request)
    {
        var (claims, context, refusal) = Access.Require(jwt, http, WritePermissions);
        if (refusal is not null)
        {
            return refusal;
        }
        if (SessionOpening.Read(request) is not { } opening)
        {
            return Errors.InvalidInput(http, "formCode must be one of the allowed triples; encryption needs encryptedSymmetricKey and initializationVector.");
        }
        // PEF invoices are a Peppol provider's to send (PefInvoiceWrite); the FA family needs the invoice-writing rights.
        string[] needed = opening.Form.Value == "PEF" ? ["PefInvoiceWrite"] : ["InvoiceWrite", "EnforcementOperations"];
        if (!Access.Holds(claims!, needed))
        {
            return Access.MissingPermissions(http, claims!, needed);
        }
        if (InvoiceRefusals.RefuseUnknownKey(http, mf, opening.PublicKeyId) is { } unknownKey)
        {
            return unknownKey;
        }
        var unwrapped = mf.UnwrapSymmetricKey(opening.WrappedKey, opening.InitializationVector);
        var session = InvoiceSession.Open("SO", claims!, context!, opening.Form, unwrapped, auth, DateTimeOffset.UtcNow);
        sessions.Sessions[session.ReferenceNumber] = session;
        return Results.Json(new JsonObject { ["referenceNumber"] = session.ReferenceNumber, ["validUntil"] = session.ValidUntil.ToString("O") }, statusCode: 201);
    }

    private IResult SendInvoice(HttpContext http, string referenceNumber, JsonObject request)
    {
        var (claims, context, refusal) = Access.Require(jwt, http, WritePermissions);
        if (refusal is not null)
        {
            return refusal;
        }
        if (!sessions.Sessions.TryGetValue(referenceNumber, out var session) || session.Context != context || !session.OpenedBy(claims!))
        {
            return Errors.BadRequest(http, 21173, "Brak sesji o wskazanym numerze referencyjnym.", referenceNumber);
        }
        var now = DateTimeOffset.UtcNow;
        if (!session.IsOpen(now))
        {
            return Errors.BadRequest(http, 21180, "Status sesji nie pozwala na wykonanie operacji.", $"Session {referenceNumber} is not open.");
        }
        if (session.IsBatch)
        {
            return Errors.BadRequest(http, 21173, "Brak sesji o wskazanym numerze referencyjnym.", $"{referenceNumber} is a batch session.");
        }
        var maxInvoices = limits.For(session.Context, batch: false).MaxInvoices;
        if (session.Snapshot().Count >= maxInvoices)
        {
            return Errors.BadRequest(http, 21155, "Przekroczono dozwoloną liczbę faktur w sesji.", $"Sesja o numerze referencyjnym {referenceNumber} osiągnęła dozwolony limit liczby faktur {maxInvoices}.");
        }
        if (!ReadSendRequest(request, out var send))
        {
            return Errors.InvalidInput(http,
                "invoiceHash, invoiceSize, encryptedInvoiceHash, encryptedInvoiceSize and encryptedInvoiceContent are required.");
        }
        if (send.Ciphertext.Length != send.EncryptedSize)
        {
            return Errors.BadRequest(http, 21402, "Nieprawidłowy rozmiar pliku.", $"encryptedInvoiceSize {send.EncryptedSize}, received {send.Ciphertext.Length} bytes.");
        }
        if (Convert.ToBase64String(SHA256.HashData(send.Ciphertext)) != send.EncryptedHash)
        {
            return Errors.BadRequest(http, 21403, "Nieprawidłowy skrót pliku.", "encryptedInvoiceHash does not match the content.");
        }
        byte[]? plain = null;
        try
        {
            using var aes = Aes.Create();
            aes.Key = session.Key!;
            plain = aes.DecryptCbc(send.Ciphertext, session.Iv!, PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
        }
        if (plain is not null && plain.Length != send.PlainSize)
        {
            return Errors.BadRequest(http, 21402, "Nieprawidłowy rozmiar pliku.", $"invoiceSize {send.PlainSize}, decrypted {plain.Length} bytes.");
        }
        var hash = plain is null ? send.PlainHash : Convert.ToBase64String(SHA256.HashData(plain));
        if (plain is not null && hash != send.PlainHash)
        {
            return Errors.BadRequest(http, 21403, "Nieprawidłowy skrót pliku.", "invoiceHash does not match the decrypted invoice.");
        }
        if (send.HashOfCorrected is { } corrected && repository.RefuseCorrection(corrected, send.OfflineMode) is { } correction)
        {
            return Errors.BadRequest(http, correction.Code, correction.Description, correction.Detail);
        }
        var invoice = verifier.Verify(session, new ReceivedInvoice(plain, hash, send.OfflineMode, send.HashOfCorrected, null), now);
        return Results.Json(new JsonObject { ["referenceNumber"] = invoice.ReferenceNumber }, statusCode: 202);
    }

    private IResult CloseOnline(HttpContext http, string referenceNumber)
    {
        var (claims, context, refusal) = Access.Require(jwt, http, WritePermissions);
        if (refusal is not null)
        {
            return refusal;
        }
        if (!sessions.Sessions.TryGetValue(referenceNumber, out var session) || session.Context != context || session.IsBatch || !session.OpenedBy(claims!))
        {
            return Errors.BadRequest(http, 21173, "Brak sesji o wskazanym numerze referencyjnym.", referenceNumber);
        }
        if (!session.IsOpen(DateTimeOffset.UtcNow))
        {
            return Errors.BadRequest(http, 21180, "Status sesji nie pozwala na wykonanie operacji.", $"Session {referenceNumber} is already closed.");
        }
        session.ClosedAt = session.Updated = DateTimeOffset.UtcNow;
        session.UpoReference = ReferenceNumbers.New("UP");
        return Results.NoContent();
    }

    private IResult Status(HttpContext http, string referenceNumber)
    {
        if (Find(http, referenceNumber, out var session) is { } refusal)
        {
            return refusal;
        }
        var now = DateTimeOffset.UtcNow;
        var (code, description) = session!.StatusAt(now);
        var invoices = session.Snapshot();
        var body = new JsonObject
        {
            ["status"] = session.Batch is { Failure: not null, FailureDetails.Length: > 0 } failed
                ? new JsonObject { ["code"] = code, ["description"] = description, ["details"] = new JsonArray(failed.FailureDetails.Select(d => (JsonNode)d).ToArray()) }
                : new JsonObject { ["code"] = code, ["description"] = description },
            ["dateCreated"] = session.Created.ToString("O"),
            ["dateUpdated"] = session.Updated.ToString("O"),
            ["validUntil"] = session.ValidUntil.ToString("O"),
        };
        if (session.CountsKnown)
        {
            // Optional in the OpenAPI document: a batch session reports them once its package is unpacked; an online
            // session leaves out a count that is 0, as KSeF answered the official Java client's duplicate-invoice test.
            foreach (var (name, count) in new[]
                     {
                         ("invoiceCount", invoices.Count), ("successfulInvoiceCount", invoices.Count(i => i.CodeAt(now) == 200)),
                         ("failedInvoiceCount", invoices.Count(i => i.CodeAt(now) is not (100 or 150 or 200))),
                     })
            {
                if (count > 0 || session.IsBatch)
                {
                    body[name] = count;
                }
            }
        }
        if (code == 200)
        {
            var (url, expires) = links.Sign(http, $"/storage/upo/{session.ReferenceNumber}/{session.UpoReference}");
            body["upo"] = new JsonObject
            {
                ["pages"] = new JsonArray(new JsonObject
                {
                    ["referenceNumber"] = session.UpoReference,
                    ["downloadUrl"] = url,
                    ["downloadUrlExpirationDate"] = expires.ToString("O"),
                }),
            };
        }
        return Results.Json(body);
    }

    private IResult AllInvoices(HttpContext http, string referenceNumber) =>
        ListInvoices(http, referenceNumber, failedOnly: false);

    private IResult FailedInvoices(HttpContext http, string referenceNumber) =>
        ListInvoices(http, referenceNumber, failedOnly: true);

    private IResult InvoiceStatus(HttpContext http, string referenceNumber, string invoiceReference)
    {
        if (Find(http, referenceNumber, out var session) is { } refusal)
        {
            return refusal;
        }
        return session!.Snapshot().FirstOrDefault(i => i.ReferenceNumber == invoiceReference) is { } invoice
            ? Results.Json(Describe(http, session!, invoice, DateTimeOffset.UtcNow))
            : Errors.InvalidInput(http, $"No invoice {invoiceReference} in session {referenceNumber}.");
    }

    private IResult InvoiceUpoByReference(HttpContext http, string referenceNumber, string invoiceReference) =>
        InvoiceUpo(http, referenceNumber, i => i.ReferenceNumber == invoiceReference);

    private IResult InvoiceUpoByKsefNumber(HttpContext http, string referenceNumber, string ksefNumber) =>
        InvoiceUpo(http, referenceNumber, i => i.Stored?.KsefNumber == ksefNumber);

    private IResult SessionUpoByReference(HttpContext http, string referenceNumber, string upoReference)
    {
        if (Find(http, referenceNumber, out var session) is { } refusal)
        {
            return refusal;
        }
        return SessionUpo(http, session!, upoReference);
    }

    private IResult DownloadSessionUpo(HttpContext http, string referenceNumber, string upoReference, long se, string? sig)
    {
        if (!links.Verify(http.Request.Path.Value!, se, sig) || !sessions.Sessions.TryGetValue(referenceNumber, out var session))
        {
            return Results.StatusCode(403);
        }
        return SessionUpo(http, session, upoReference);
    }

    private IResult DownloadInvoiceUpo(HttpContext http, string referenceNumber, string invoiceReference, long se, string? sig)
    {
        if (!links.Verify(http.Request.Path.Value!, se, sig) || !sessions.Sessions.TryGetValue(referenceNumber, out var session)
            || session.Snapshot().FirstOrDefault(i => i.ReferenceNumber == invoiceReference && i.CodeAt(DateTimeOffset.UtcNow) == 200) is not { } invoice)
        {
            return Results.StatusCode(403);
        }
        return Xml(http, Upo.ForInvoice(session, invoice.Stored!));
    }

    private IResult? Find(HttpContext http, string referenceNumber, out InvoiceSession? session)
    {
        session = null;
        // Its opener sees a session; Introspection and EnforcementOperations (and the owner) see every one of the context
        var (claims, context, refusal) = Access.Require(jwt, http, [.. WritePermissions, "Introspection"]);
        if (refusal is not null)
        {
            return refusal;
        }
        if (!sessions.Sessions.TryGetValue(referenceNumber, out session) || session.Context != context || !session.VisibleTo(claims!))
        {
            return Errors.BadRequest(http, 21173, "Brak sesji o wskazanym numerze referencyjnym.", referenceNumber);
        }
        return null;
    }


    private IResult ListInvoices(HttpContext http, string referenceNumber, bool failedOnly)
    {
        if (Find(http, referenceNumber, out var session) is { } refusal)
        {
            return refusal;
        }
        if (ContinuationPaging.Read(http, maxSize: 1000, out var paging) is { } badPage)
        {
            return badPage;
        }
        var now = DateTimeOffset.UtcNow;
        var selected = session!.Snapshot().Where(i => !failedOnly || i.CodeAt(now) is not (100 or 150 or 200)).ToList();
        var body = paging.Answer("invoices", selected, i => Describe(http, session!, i, now));
        return Results.Json(body);
    }


    private IResult InvoiceUpo(HttpContext http, string referenceNumber, Func<SessionInvoice, bool> match)
    {
        if (Find(http, referenceNumber, out var session) is { } refusal)
        {
            return refusal;
        }
        return session!.Snapshot().FirstOrDefault(i => match(i) && i.CodeAt(DateTimeOffset.UtcNow) == 200) is { } invoice
            ? Xml(http, Upo.ForInvoice(session!, invoice.Stored!))
            : Errors.BadRequest(http, 21178, "Nie znaleziono UPO.", "No UPO for that invoice (yet).");
    }


    private IResult SessionUpo(HttpContext http, InvoiceSession session, string upoReference)
    {
        if (session.StatusAt(DateTimeOffset.UtcNow).Code != 200 || session.UpoReference != upoReference)
        {
            return Errors.BadRequest(http, 21178, "Nie znaleziono UPO.", $"No UPO {upoReference} for session {session.ReferenceNumber} (yet).");
        }
        var accepted = session.Snapshot().Where(i => i.Code == 200).Select(i => i.Stored!).ToList();
        return Xml(http, Upo.ForSession(session, accepted));
    }


    private JsonObject Describe(HttpContext http, InvoiceSession session, SessionInvoice invoice, DateTimeOffset now)
    {
        var code = invoice.CodeAt(now);
        var status = new JsonObject { ["code"] = code, ["description"] = code == 150 ? "Trwa przetwarzanie" : invoice.Description };
        if (invoice.Details.Length > 0)
        {
            status["details"] = new JsonArray(invoice.Details.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray());
        }
        if (invoice.Extensions is { } extensions)
        {
            status["extensions"] = new JsonObject(extensions.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)JsonValue.Create(e.Value))));
        }
        var body = new JsonObject
        {
            ["ordinalNumber"] = invoice.Ordinal,
            ["referenceNumber"] = invoice.ReferenceNumber,
            ["invoiceHash"] = invoice.Hash,
            ["invoicingDate"] = invoice.InvoicingDate.ToString("O"),
            ["status"] = status,
        };
        if (invoice.FileName is { } fileName)
        {
            body["invoiceFileName"] = fileName;
        }
        if (invoice.InvoiceNumber is { } number)
        {
            body["invoiceNumber"] = number;
        }
        if (code == 200 && invoice.Stored is { } stored)
        {
            body["ksefNumber"] = stored.KsefNumber;
            body["acquisitionDate"] = stored.AcquisitionDate.ToString("O");
            body["permanentStorageDate"] = stored.PermanentStorageDate.ToString("O");
            body["invoicingMode"] = stored.InvoicingMode;
            var (url, expires) = links.Sign(http, $"/storage/upo/{session.ReferenceNumber}/invoices/{invoice.ReferenceNumber}");
            body["upoDownloadUrl"] = url;
            body["upoDownloadUrlExpirationDate"] = expires.ToString("O");
        }
        return body;
    }

    private sealed record SendRequest(string PlainHash, long PlainSize, string EncryptedHash, long EncryptedSize, byte[] Ciphertext, bool OfflineMode, string? HashOfCorrected);

    private static bool ReadSendRequest(JsonObject request, out SendRequest send)
    {
        send = null!;
        long? Number(string name) => request.Property(name) is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;
        bool? Flag(string name) => request.Property(name) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;
        if (request.Get("invoiceHash") is not { Length: 44 } plainHash || Number("invoiceSize") is not { } plainSize || plainSize < 1
            || request.Get("encryptedInvoiceHash") is not { Length: 44 } encryptedHash || Number("encryptedInvoiceSize") is not { } encryptedSize
            || request.Get("encryptedInvoiceContent") is not { } content)
        {
            return false;
        }
        byte[] ciphertext;
        try
        {
            ciphertext = Convert.FromBase64String(content);
        }
        catch (FormatException)
        {
            return false;
        }
        send = new SendRequest(plainHash, plainSize, encryptedHash, encryptedSize, ciphertext, Flag("offlineMode") ?? false, request.Get("hashOfCorrectedInvoice"));
        return true;
    }

    private static IResult Xml(HttpContext http, byte[] document)
    {
        http.Response.Headers["x-ms-meta-hash"] = Convert.ToBase64String(SHA256.HashData(document));
        return Results.Bytes(document, "application/xml");
    }
}
