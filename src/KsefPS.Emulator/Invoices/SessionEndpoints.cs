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
public static class SessionEndpoints
{
    private static readonly string[] WritePermissions = ["InvoiceWrite", "PefInvoiceWrite", "EnforcementOperations"];

    public static void Map(WebApplication app)
    {
        var jwt = app.Services.GetRequiredService<Jwt>();
        var sessions = app.Services.GetRequiredService<SessionState>();
        var repository = app.Services.GetRequiredService<InvoiceRepository>();
        var mf = app.Services.GetRequiredService<MfCertificates>();
        var auth = app.Services.GetRequiredService<AuthState>();
        var links = app.Services.GetRequiredService<StorageLinks>();
        var options = app.Services.GetRequiredService<EmulatorOptions>();

        app.MapPost("/v2/sessions/online", (HttpContext http, JsonObject request) =>
        {
            var (claims, context, refusal) = Access.Require(jwt, http, WritePermissions);
            if (refusal is not null)
            {
                return refusal;
            }
            var formCode = request.GetObject("formCode");
            var form = InvoiceSchemas.Find(formCode?.Get("systemCode"), formCode?.Get("schemaVersion"), formCode?.Get("value"));
            var encryption = request.GetObject("encryption");
            if (form is null || encryption?.Get("encryptedSymmetricKey") is not { } wrappedKey || encryption.Get("initializationVector") is not { } ivText)
            {
                return Errors.BadRequest(http, 21405, "Błąd walidacji danych wejściowych.", "formCode must be one of the allowed triples; encryption needs encryptedSymmetricKey and initializationVector.");
            }
            if (Access.RefuseUnknownKey(http, mf, encryption.Get("publicKeyId")) is { } unknownKey)
            {
                return unknownKey;
            }
            var unwrapped = mf.UnwrapSymmetricKey(wrappedKey, ivText);
            var now = DateTimeOffset.UtcNow;
            auth.Operations.TryGetValue(claims!["arn"]!.GetValue<string>(), out var operation);
            var session = new OnlineSession
            {
                ReferenceNumber = ReferenceNumbers.New("SO"),
                Context = context!,
                Form = form,
                Key = unwrapped?.Key,
                Iv = unwrapped?.Iv,
                Created = now,
                Updated = now,
                ValidUntil = now.AddHours(12),
                AuthDocumentHash = operation?.AuthDocumentHash,
                KsefTokenReference = operation?.KsefTokenReference,
            };
            sessions.Sessions[session.ReferenceNumber] = session;
            return Results.Json(new JsonObject { ["referenceNumber"] = session.ReferenceNumber, ["validUntil"] = session.ValidUntil.ToString("O") }, statusCode: 201);
        });

        app.MapPost("/v2/sessions/online/{referenceNumber}/invoices", (HttpContext http, string referenceNumber, JsonObject request) =>
        {
            var (_, context, refusal) = Access.Require(jwt, http, WritePermissions);
            if (refusal is not null)
            {
                return refusal;
            }
            if (!sessions.Sessions.TryGetValue(referenceNumber, out var session) || session.Context != context)
            {
                return Errors.BadRequest(http, 21173, "Brak sesji o wskazanym numerze referencyjnym.", referenceNumber);
            }
            var now = DateTimeOffset.UtcNow;
            if (!session.IsOpen(now))
            {
                return Errors.BadRequest(http, 21180, "Status sesji nie pozwala na wykonanie operacji.", $"Session {referenceNumber} is not open.");
            }
            if (!ReadSendRequest(request, out var send))
            {
                return Errors.BadRequest(http, 21405, "Błąd walidacji danych wejściowych.",
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
            var invoice = plain is null
                ? Failed(session, hash, now, null, 435, "Błąd odszyfrowania pliku")
                : Verify(session, plain, hash, now, send, repository, options);
            return Results.Json(new JsonObject { ["referenceNumber"] = invoice.ReferenceNumber }, statusCode: 202);
        });

        app.MapPost("/v2/sessions/online/{referenceNumber}/close", (HttpContext http, string referenceNumber) =>
        {
            var (_, context, refusal) = Access.Require(jwt, http, WritePermissions);
            if (refusal is not null)
            {
                return refusal;
            }
            if (!sessions.Sessions.TryGetValue(referenceNumber, out var session) || session.Context != context)
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
        });

        app.MapGet("/v2/sessions/{referenceNumber}", (HttpContext http, string referenceNumber) =>
        {
            if (Find(http, referenceNumber, out var session) is { } refusal)
            {
                return refusal;
            }
            var now = DateTimeOffset.UtcNow;
            var (code, description) = session!.StatusAt(now);
            var invoices = Snapshot(session);
            var body = new JsonObject
            {
                ["status"] = new JsonObject { ["code"] = code, ["description"] = description },
                ["dateCreated"] = session.Created.ToString("O"),
                ["dateUpdated"] = session.Updated.ToString("O"),
                ["validUntil"] = session.ValidUntil.ToString("O"),
                ["invoiceCount"] = invoices.Count,
                ["successfulInvoiceCount"] = invoices.Count(i => i.CodeAt(now) == 200),
                ["failedInvoiceCount"] = invoices.Count(i => i.CodeAt(now) is not (100 or 150 or 200)),
            };
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
        });

        app.MapGet("/v2/sessions/{referenceNumber}/invoices", (HttpContext http, string referenceNumber) => ListInvoices(http, referenceNumber, failedOnly: false));
        app.MapGet("/v2/sessions/{referenceNumber}/invoices/failed", (HttpContext http, string referenceNumber) => ListInvoices(http, referenceNumber, failedOnly: true));

        app.MapGet("/v2/sessions/{referenceNumber}/invoices/{invoiceReference}", (HttpContext http, string referenceNumber, string invoiceReference) =>
        {
            if (Find(http, referenceNumber, out var session) is { } refusal)
            {
                return refusal;
            }
            return Snapshot(session!).FirstOrDefault(i => i.ReferenceNumber == invoiceReference) is { } invoice
                ? Results.Json(Describe(http, session!, invoice, DateTimeOffset.UtcNow))
                : Errors.BadRequest(http, 21405, "Błąd walidacji danych wejściowych.", $"No invoice {invoiceReference} in session {referenceNumber}.");
        });

        app.MapGet("/v2/sessions/{referenceNumber}/invoices/{invoiceReference}/upo", (HttpContext http, string referenceNumber, string invoiceReference) =>
            InvoiceUpo(http, referenceNumber, i => i.ReferenceNumber == invoiceReference));
        app.MapGet("/v2/sessions/{referenceNumber}/invoices/ksef/{ksefNumber}/upo", (HttpContext http, string referenceNumber, string ksefNumber) =>
            InvoiceUpo(http, referenceNumber, i => i.Stored?.KsefNumber == ksefNumber));

        app.MapGet("/v2/sessions/{referenceNumber}/upo/{upoReference}", (HttpContext http, string referenceNumber, string upoReference) =>
        {
            if (Find(http, referenceNumber, out var session) is { } refusal)
            {
                return refusal;
            }
            return SessionUpo(http, session!, upoReference);
        });

        app.MapGet("/storage/upo/{referenceNumber}/{upoReference}", (HttpContext http, string referenceNumber, string upoReference, long se, string? sig) =>
        {
            if (!links.Verify(http.Request.Path.Value!, se, sig) || !sessions.Sessions.TryGetValue(referenceNumber, out var session))
            {
                return Results.StatusCode(403);
            }
            return SessionUpo(http, session, upoReference);
        });

        app.MapGet("/storage/upo/{referenceNumber}/invoices/{invoiceReference}", (HttpContext http, string referenceNumber, string invoiceReference, long se, string? sig) =>
        {
            if (!links.Verify(http.Request.Path.Value!, se, sig) || !sessions.Sessions.TryGetValue(referenceNumber, out var session)
                || Snapshot(session).FirstOrDefault(i => i.ReferenceNumber == invoiceReference && i.CodeAt(DateTimeOffset.UtcNow) == 200) is not { } invoice)
            {
                return Results.StatusCode(403);
            }
            return Xml(http, Upo.ForInvoice(session, invoice.Stored!));
        });

        IResult? Find(HttpContext http, string referenceNumber, out OnlineSession? session)
        {
            session = null;
            var (_, context, refusal) = Access.Require(jwt, http, [.. WritePermissions, "InvoiceRead"]);
            if (refusal is not null)
            {
                return refusal;
            }
            if (!sessions.Sessions.TryGetValue(referenceNumber, out session) || session.Context != context)
            {
                return Errors.BadRequest(http, 21173, "Brak sesji o wskazanym numerze referencyjnym.", referenceNumber);
            }
            return null;
        }

        IResult ListInvoices(HttpContext http, string referenceNumber, bool failedOnly)
        {
            if (Find(http, referenceNumber, out var session) is { } refusal)
            {
                return refusal;
            }
            var pageSize = int.TryParse(http.Request.Query["pageSize"], out var size) ? size : 10;
            var continuation = http.Request.Headers["x-continuation-token"].ToString();
            var start = 0;
            if (pageSize is < 10 or > 1000 || (continuation.Length > 0 && !int.TryParse(continuation, out start)))
            {
                return Errors.BadRequest(http, continuation.Length > 0 ? 21418 : 21405, "Błąd walidacji danych wejściowych.", "pageSize 10..1000 and a continuation token from the previous page.");
            }
            var now = DateTimeOffset.UtcNow;
            var selected = Snapshot(session!).Where(i => !failedOnly || i.CodeAt(now) is not (100 or 150 or 200)).ToList();
            var page = selected.Skip(start).Take(pageSize).Select(i => (JsonNode)Describe(http, session!, i, now)).ToArray();
            var body = new JsonObject { ["invoices"] = new JsonArray(page) };
            if (start + pageSize < selected.Count)
            {
                body["continuationToken"] = (start + pageSize).ToString(CultureInfo.InvariantCulture);
            }
            return Results.Json(body);
        }

        IResult InvoiceUpo(HttpContext http, string referenceNumber, Func<SessionInvoice, bool> match)
        {
            if (Find(http, referenceNumber, out var session) is { } refusal)
            {
                return refusal;
            }
            return Snapshot(session!).FirstOrDefault(i => match(i) && i.CodeAt(DateTimeOffset.UtcNow) == 200) is { } invoice
                ? Xml(http, Upo.ForInvoice(session!, invoice.Stored!))
                : Errors.BadRequest(http, 21178, "Nie znaleziono UPO.", "No UPO for that invoice (yet).");
        }

        IResult SessionUpo(HttpContext http, OnlineSession session, string upoReference)
        {
            if (session.StatusAt(DateTimeOffset.UtcNow).Code != 200 || session.UpoReference != upoReference)
            {
                return Errors.BadRequest(http, 21178, "Nie znaleziono UPO.", $"No UPO {upoReference} for session {session.ReferenceNumber} (yet).");
            }
            var accepted = Snapshot(session).Where(i => i.Code == 200).Select(i => i.Stored!).ToList();
            return Xml(http, Upo.ForSession(session, accepted));
        }

        JsonObject Describe(HttpContext http, OnlineSession session, SessionInvoice invoice, DateTimeOffset now)
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

    /// <summary>The checks of BRIEF §7.1 and §7.6, in KSeF's order; the verdict is recorded against the session.</summary>
    private static SessionInvoice Verify(OnlineSession session, byte[] plain, string hash, DateTimeOffset now, SendRequest send,
        InvoiceRepository repository, EmulatorOptions options)
    {
        if (plain.Length > options.MaxInvoiceSize)
        {
            return Failed(session, hash, now, null, 430, "Błąd weryfikacji pliku faktury", $"The invoice has {plain.Length} bytes; at most {options.MaxInvoiceSize} are allowed.");
        }
        if (plain.AsSpan().StartsWith(Encoding.UTF8.Preamble))
        {
            return Failed(session, hash, now, null, 430, "Błąd weryfikacji pliku faktury", "The invoice must be UTF-8 without a byte order mark.");
        }
        InvoiceContent? facts;
        IReadOnlyList<string> errors;
        try
        {
            errors = InvoiceSchemas.Validate(session.Form, plain);
            facts = errors.Count == 0 ? InvoiceContent.Read(plain) : null;
        }
        catch (XmlException e)
        {
            return Failed(session, hash, now, null, 430, "Błąd weryfikacji pliku faktury", $"Not well-formed XML: {e.Message}");
        }
        if (errors.Count > 0 || facts is null)
        {
            return Failed(session, hash, now, null, 430, "Błąd weryfikacji pliku faktury",
                errors.Count > 0 ? [.. errors] : ["The invoice lacks the seller NIP, P_1 or P_2."]);
        }
        if (facts.HasAttachment)
        {
            return Failed(session, hash, now, facts.InvoiceNumber, 415, "Brak możliwości wysyłania faktury z załącznikiem",
                "Invoices with attachments (Zalacznik) go in a batch session, not an online one.");
        }
        if (session.Context.Type == "Nip" && facts.SellerNip != session.Context.Value && !facts.ThirdSubjectNips.Contains(session.Context.Value))
        {
            return Failed(session, hash, now, facts.InvoiceNumber, 410, "Nieprawidłowy zakres uprawnień",
                $"The context {session.Context.Value} is neither the seller {facts.SellerNip} nor a third subject of the invoice.");
        }
        if (facts.IssueDate > DateOnly.FromDateTime(now.UtcDateTime))
        {
            return Failed(session, hash, now, facts.InvoiceNumber, 450, "Błąd weryfikacji semantyki dokumentu faktury",
                $"The issue date P_1 {facts.IssueDate:yyyy-MM-dd} is after the acceptance date.");
        }
        var mode = send.OfflineMode || facts.IssueDate < DateOnly.FromDateTime(now.UtcDateTime) ? "Offline" : "Online";
        var stored = repository.Accept(plain, hash, facts, session.Form, mode, now, options.InvoiceProcessingDelay, session.ReferenceNumber,
            send.HashOfCorrected, out var original);
        if (original is not null)
        {
            return Record(session, hash, now, facts.InvoiceNumber, 440, "Duplikat faktury",
                [$"Invoice {facts.InvoiceNumber} of seller {facts.SellerNip} was already accepted as {original.KsefNumber}."],
                new() { ["originalSessionReferenceNumber"] = original.SessionReference ?? "", ["originalKsefNumber"] = original.KsefNumber });
        }
        return Record(session, hash, now, facts.InvoiceNumber, 200, "Sukces", [], stored: stored);
    }

    private static SessionInvoice Failed(OnlineSession session, string hash, DateTimeOffset now, string? number, int code, string description, params string[] details) =>
        Record(session, hash, now, number, code, description, details);

    /// <summary>The verdict on one invoice, numbered in the order the session received it.</summary>
    private static SessionInvoice Record(OnlineSession session, string hash, DateTimeOffset now, string? number, int code, string description,
        string[] details, Dictionary<string, string>? extensions = null, StoredInvoice? stored = null)
    {
        var invoice = new SessionInvoice
        {
            ReferenceNumber = ReferenceNumbers.New("EE"),
            Hash = hash,
            InvoicingDate = now,
            InvoiceNumber = number,
            Code = code,
            Description = description,
            Details = details,
            Extensions = extensions,
            Stored = stored,
        };
        lock (session.Invoices)
        {
            invoice.Ordinal = session.Invoices.Count + 1;
            session.Invoices.Add(invoice);
            session.Updated = now;
            return invoice;
        }
    }

    private static List<SessionInvoice> Snapshot(OnlineSession session)
    {
        lock (session.Invoices)
        {
            return [.. session.Invoices];
        }
    }

    private static IResult Xml(HttpContext http, byte[] document)
    {
        http.Response.Headers["x-ms-meta-hash"] = Convert.ToBase64String(SHA256.HashData(document));
        return Results.Bytes(document, "application/xml");
    }
}
