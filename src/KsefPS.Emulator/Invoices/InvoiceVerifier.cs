using System.Text;
using System.Xml;

namespace KsefPS.Emulator.Invoices;

/// <summary>
/// The checks of BRIEF §7.1 and §7.6 on one invoice, in KSeF's order, the same for online and batch sessions; the
/// verdict is recorded against the session. Batch sessions take attachments (up to the larger size limit), online ones
/// only in a technical correction.
/// </summary>
public sealed class InvoiceVerifier(InvoiceRepository repository, EmulatorOptions options, Status.SessionLimits limits, Permissions.PermissionState permissions)
{
    private const string FileError = "Błąd weryfikacji pliku faktury";

    public SessionInvoice Verify(InvoiceSession session, ReceivedInvoice received, DateTimeOffset now)
    {
        var invoice = Judge(session, received, now);
        if (received.OfflineMode && invoice.Code is not (200 or 440))
        {
            repository.NoteRejectedOffline(received.Hash);
        }
        return invoice;
    }

    private SessionInvoice Judge(InvoiceSession session, ReceivedInvoice received, DateTimeOffset now)
    {
        if (received.Plain is not { } plain)
        {
            return Record(session, received, now, null, 435, "Błąd odszyfrowania pliku");
        }
        var allowed = limits.For(session.Context, session.IsBatch);
        var largest = Math.Max(allowed.MaxInvoiceSize, allowed.MaxInvoiceWithAttachmentSize);
        if (plain.Length > largest)
        {
            return Record(session, received, now, null, 430, FileError, $"The invoice has {plain.Length} bytes; at most {largest} are allowed.");
        }
        if (plain.AsSpan().StartsWith(Encoding.UTF8.Preamble))
        {
            return Record(session, received, now, null, 430, FileError, "The invoice must be UTF-8 without a byte order mark.");
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
            return Record(session, received, now, null, 430, FileError, $"Not well-formed XML: {e.Message}");
        }
        if (errors.Count > 0 || facts is null)
        {
            return Record(session, received, now, null, 430, FileError, errors.Count > 0 ? [.. errors] : ["The invoice lacks the seller NIP, P_1 or P_2."]);
        }
        // PEF goes only online, and KSeF took a PEF invoice with an attachment there (the official Java client's query test).
        if (facts.HasAttachment && !session.IsBatch && received.HashOfCorrected is null && !facts.IsPef)
        {
            return Record(session, received, now, facts.InvoiceNumber, 415, "Brak możliwości wysyłania faktury z załącznikiem",
                "Invoices with attachments (Zalacznik) go in a batch session, not an online one.");
        }
        // A Peppol provider's context is no taxpayer's: the consent that counts is the seller's.
        var consenting = session.Context.Type == "PeppolId" ? facts.SellerNip : session.Context.Nip;
        if (facts.HasAttachment && !permissions.AttachmentsAllowed(consenting))
        {
            return Record(session, received, now, facts.InvoiceNumber, 415, "Brak możliwości wysyłania faktury z załącznikiem",
                $"{(session.Context.Type == "PeppolId" ? "The seller" : "The context")} {consenting} has no consent to issue invoices with attachments (given in e-Urząd Skarbowy; /testdata/attachment on TEST).");
        }
        if (!facts.HasAttachment && plain.Length > allowed.MaxInvoiceSize)
        {
            return Record(session, received, now, facts.InvoiceNumber, 430, FileError,
                $"The invoice has {plain.Length} bytes; without attachments at most {allowed.MaxInvoiceSize} are allowed.");
        }
        var issuedForSeller = session.Context.Type == "Nip" && facts.SellerNip != session.Context.Value && !facts.NamesThirdSubject(session.Context);
        var authorizations = issuedForSeller ? permissions.AuthorizationsToIssue(facts.SellerNip, session.Context.Value) : new HashSet<string>();
        if (issuedForSeller && authorizations.Count == 0)
        {
            return Record(session, received, now, facts.InvoiceNumber, 410, "Nieprawidłowy zakres uprawnień",
                $"The context {session.Context.Value} is neither the seller {facts.SellerNip}, nor a third subject of the invoice, nor authorized by the seller (self-invoicing, RR, tax representative).");
        }
        if (session.Context.Type == "PeppolId" && !permissions.AuthorizesPef(facts.SellerNip, session.Context.Value))
        {
            return Record(session, received, now, facts.InvoiceNumber, 410, "Nieprawidłowy zakres uprawnień",
                $"The seller {facts.SellerNip} has not authorized the Peppol provider {session.Context.Value} (PefInvoicing).");
        }
        // Acceptance is the send time online and the session's opening in a batch (BRIEF §7.6), a day of Poland's calendar.
        var invoicingDate = session.IsBatch ? session.Created : now;
        var acceptedOn = Infrastructure.PolishTime.DateOf(invoicingDate);
        if (facts.IssueDate > acceptedOn)
        {
            return Record(session, received, now, facts.InvoiceNumber, 450, "Błąd weryfikacji semantyki dokumentu faktury",
                $"The issue date P_1 {facts.IssueDate:yyyy-MM-dd} is after the acceptance date.");
        }
        var mode = received.OfflineMode || facts.IssueDate < acceptedOn ? "Offline" : "Online";
        // Issued by the buyer in the seller's name: in a context the seller authorized for self-invoicing, or in the context
        // that joins a Polish seller to the EU entity it lets self-invoice (uprawnienia.md). A VAT RR invoice, which its
        // buyer issues under RRInvoicing, is a kind of its own (VatRr).
        var selfInvoicing = session.Form.Value != "FA_RR"
            && (authorizations.Contains("SelfInvoicing") || (session.Context.Type == "NipVatUe" && facts.SellerNip == session.Context.Nip));
        var stored = repository.Accept(plain, received.Hash, facts, session.Form, mode, invoicingDate, options.InvoiceProcessingDelay, session.ReferenceNumber,
            received.HashOfCorrected, out var original, selfInvoicing);
        if (original is not null)
        {
            return Record(session, received, now, facts.InvoiceNumber, 440, "Duplikat faktury",
                [$"Invoice {facts.InvoiceNumber} of seller {facts.SellerNip} was already accepted as {original.KsefNumber}."],
                new() { ["originalSessionReferenceNumber"] = original.SessionReference ?? "", ["originalKsefNumber"] = original.KsefNumber });
        }
        return Record(session, received, now, facts.InvoiceNumber, 200, "Sukces", [], stored: stored);
    }

    private static SessionInvoice Record(InvoiceSession session, ReceivedInvoice received, DateTimeOffset now, string? number, int code, string description,
        params string[] details) => Record(session, received, now, number, code, description, details, null, null);

    /// <summary>The verdict on one invoice, numbered in the order the session received it.</summary>
    private static SessionInvoice Record(InvoiceSession session, ReceivedInvoice received, DateTimeOffset now, string? number, int code, string description,
        string[] details, Dictionary<string, string>? extensions = null, StoredInvoice? stored = null)
    {
        var invoice = new SessionInvoice
        {
            ReferenceNumber = Infrastructure.ReferenceNumbers.New("EE"),
            Hash = received.Hash,
            InvoicingDate = session.IsBatch ? session.Created : now,
            InvoiceNumber = number,
            FileName = received.FileName,
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
}
