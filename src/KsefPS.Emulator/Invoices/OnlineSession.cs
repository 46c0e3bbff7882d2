using KsefPS.Emulator.Auth;

namespace KsefPS.Emulator.Invoices;

/// <summary>One invoice sent in a session, as the session's invoice list reports it (BRIEF §7.5).</summary>
public sealed class SessionInvoice
{
    /// <summary>Set when the invoice is recorded: its place in the session, from 1.</summary>
    public int Ordinal { get; set; }
    public required string ReferenceNumber { get; init; }
    public required string Hash { get; init; }
    public required DateTimeOffset InvoicingDate { get; init; }
    public string? InvoiceNumber { get; init; }
    public required int Code { get; init; }
    public required string Description { get; init; }
    public string[] Details { get; init; } = [];
    public Dictionary<string, string>? Extensions { get; init; }
    public StoredInvoice? Stored { get; init; }

    /// <summary>An accepted invoice reads 150 (processing) until its KSeF number is visible.</summary>
    public int CodeAt(DateTimeOffset now) => Code == 200 && Stored!.PermanentStorageDate > now ? 150 : Code;
}

/// <summary>An online session: the AES key the client sent, its form code and what was sent in it (BRIEF §7).</summary>
public sealed class OnlineSession
{
    public required string ReferenceNumber { get; init; }
    public required Identifier Context { get; init; }
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

    public bool IsOpen(DateTimeOffset now) => Key is not null && ClosedAt is null && now < ValidUntil;

    public (int Code, string Description) StatusAt(DateTimeOffset now)
    {
        if (Key is null)
        {
            return (415, "Błąd odszyfrowania dostarczonego klucza");
        }
        if (IsOpen(now))
        {
            return (100, "Sesja interaktywna otwarta");
        }
        List<SessionInvoice> invoices;
        lock (Invoices)
        {
            invoices = [.. Invoices];
        }
        if (invoices.Count == 0)
        {
            return (440, "Sesja anulowana: nie przesłano faktur");
        }
        if (invoices.Any(i => i.CodeAt(now) == 150))
        {
            return (170, "Sesja interaktywna zamknięta");
        }
        return invoices.Any(i => i.Code == 200)
            ? (200, "Sesja interaktywna przetworzona pomyślnie")
            : (445, "Błąd weryfikacji, brak poprawnych faktur");
    }
}

/// <summary>Open sessions by reference number.</summary>
public sealed class SessionState
{
    public System.Collections.Concurrent.ConcurrentDictionary<string, OnlineSession> Sessions { get; } = new();
}
