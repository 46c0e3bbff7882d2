using KsefPS.Emulator.Auth;

namespace KsefPS.Emulator.Invoices;

/// <summary>
/// An online or batch session: the AES key the client sent, its form code and what was sent in it (BRIEF §7). A batch
/// session also carries its declared package and the parts uploaded so far.
/// </summary>
public sealed class InvoiceSession
{
    public required string ReferenceNumber { get; init; }
    public required Identifier Context { get; init; }
    /// <summary>Who opened it ("type:value" of the authenticating subject): InvoiceWrite lists only its own sessions.</summary>
    public string? Creator { get; init; }
    public required InvoiceSchemas.Form Form { get; init; }
    public byte[]? Key { get; init; }
    public byte[]? Iv { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required DateTimeOffset ValidUntil { get; init; }
    public string? AuthDocumentHash { get; init; }
    public string? KsefTokenReference { get; init; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? UpoReference { get; set; }
    public List<SessionInvoice> Invoices { get; } = [];
    public DateTimeOffset Updated { get; set; }
    public BatchPackage? Batch { get; init; }

    public bool IsBatch => Batch is not null;

    /// <summary>
    /// Whether the subject of <paramref name="claims"/> opened it: only that subject sends into it and closes it (the
    /// official Java client's Introspection test: a holder of Introspection sees another's session and cannot close it).
    /// </summary>
    public bool OpenedBy(System.Text.Json.Nodes.JsonObject claims) => Creator is null || Creator == Infrastructure.Access.Subject(claims).ToString();

    /// <summary>Whether <paramref name="claims"/> may read it: its opener, or whoever sees every session of the context.</summary>
    public bool VisibleTo(System.Text.Json.Nodes.JsonObject claims) =>
        OpenedBy(claims) || Infrastructure.Access.Holds(claims, "Introspection", "EnforcementOperations");

    /// <summary>A new session (type SO online, SB batch) of the token's context, with the key the client sent (null when it did not unwrap).</summary>
    public static InvoiceSession Open(string type, System.Text.Json.Nodes.JsonObject claims, Identifier context, InvoiceSchemas.Form form,
        (byte[] Key, byte[] Iv)? unwrapped, AuthState auth, DateTimeOffset now, BatchPackage? batch = null)
    {
        auth.Operations.TryGetValue(claims["arn"]!.GetValue<string>(), out var operation);
        return new InvoiceSession
        {
            ReferenceNumber = Infrastructure.ReferenceNumbers.New(type),
            Context = context,
            Creator = Infrastructure.Access.Subject(claims).ToString(),
            Form = form,
            Key = unwrapped?.Key,
            Iv = unwrapped?.Iv,
            Created = now,
            Updated = now,
            ValidUntil = now.AddHours(12),
            AuthDocumentHash = operation?.AuthDocumentHash,
            KsefTokenReference = operation?.KsefTokenReference,
            Batch = batch,
        };
    }

    public bool IsOpen(DateTimeOffset now) => Key is not null && ClosedAt is null && now < ValidUntil;

    public (int Code, string Description) StatusAt(DateTimeOffset now) => Batch is null ? OnlineStatusAt(now) : BatchStatusAt(now, Batch);

    private (int Code, string Description) OnlineStatusAt(DateTimeOffset now)
    {
        if (Key is null)
        {
            return (415, "Błąd odszyfrowania dostarczonego klucza");
        }
        if (IsOpen(now))
        {
            return (100, "Sesja interaktywna otwarta");
        }
        var invoices = Snapshot();
        if (invoices.Count == 0)
        {
            return (440, "Sesja anulowana");
        }
        if (invoices.Any(i => i.CodeAt(now) == 150))
        {
            return (170, "Sesja interaktywna zamknięta");
        }
        return invoices.Any(i => i.Code == 200)
            ? (200, "Sesja interaktywna przetworzona pomyślnie")
            : (445, "Błąd weryfikacji, brak poprawnych faktur");
    }

    private (int Code, string Description) BatchStatusAt(DateTimeOffset now, BatchPackage batch)
    {
        var processed = batch.Processed; // first: see BatchPackage
        if (batch.Failure is { } failure)
        {
            return failure;
        }
        if (ClosedAt is null)
        {
            // Not closed in time: cancelled once the upload window (or the session's life) is over.
            return now < batch.UploadDeadline && now < ValidUntil ? (100, "Sesja wsadowa rozpoczęta") : (440, "Sesja anulowana");
        }
        if (!processed)
        {
            return (150, "Trwa przetwarzanie");
        }
        var invoices = Snapshot();
        if (invoices.Any(i => i.CodeAt(now) == 150))
        {
            return (150, "Trwa przetwarzanie");
        }
        if (invoices.Count == 0)
        {
            return (440, "Sesja anulowana");
        }
        return invoices.Any(i => i.Code == 200)
            ? (200, "Sesja wsadowa przetworzona pomyślnie")
            : (445, "Błąd weryfikacji, brak poprawnych faktur");
    }

    /// <summary>The session's status as GET /sessions filters it (CommonSessionStatus).</summary>
    public string CommonStatusAt(DateTimeOffset now) => StatusAt(now).Code switch
    {
        100 or 150 or 170 => "InProgress",
        200 => "Succeeded",
        440 => "Cancelled",
        _ => "Failed",
    };

    /// <summary>
    /// Whether the session's invoice counts are reported: a batch's only once its package is unpacked, and never when it
    /// failed as a whole (KSeF answered the official Java client's 405, 420 and 430 tests without counts).
    /// </summary>
    public bool CountsKnown => Batch is null || Batch.Processed && Batch.Failure is null;

    public List<SessionInvoice> Snapshot()
    {
        lock (Invoices)
        {
            return [.. Invoices];
        }
    }
}
