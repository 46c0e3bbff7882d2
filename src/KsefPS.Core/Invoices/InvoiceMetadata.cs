using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Offline;
using KsefPS.Core.Sessions;

namespace KsefPS.Core.Invoices;

/// <summary>One invoice from the metadata query (BRIEF §8.2); its Session lets Save-KsefInvoice follow without arguments.</summary>
public sealed class InvoiceMetadata
{
    public required string KsefNumber { get; init; }
    public required string InvoiceNumber { get; init; }
    public required DateOnly IssueDate { get; init; }
    public required DateTimeOffset InvoicingDate { get; init; }
    /// <summary>When KSeF gave the invoice its number.</summary>
    public DateTimeOffset? AcquisitionDate { get; init; }
    public required DateTimeOffset PermanentStorageDate { get; init; }
    public required string SellerNip { get; init; }
    public string? SellerName { get; init; }
    /// <summary>Nip, VatUe, Other or None (KSeF's words).</summary>
    public string? BuyerIdentifierType { get; init; }
    public string? BuyerIdentifier { get; init; }
    public string? BuyerName { get; init; }
    public ReadableList<InvoiceSubject> ThirdSubjects { get; init; } = [];
    public InvoiceSubject? AuthorizedSubject { get; init; }
    public decimal NetAmount { get; init; }
    public decimal GrossAmount { get; init; }
    public decimal VatAmount { get; init; }
    public required string Currency { get; init; }
    public required string InvoiceType { get; init; }
    public required string InvoicingMode { get; init; }
    /// <summary>The invoice's structure (FA (3), PEF (3), …); null when KSeF's answer does not name one whole.</summary>
    public FormCode? FormCode { get; init; }
    public bool IsSelfInvoicing { get; init; }
    public bool HasAttachment { get; init; }
    public required string Hash { get; init; }
    /// <summary>Of a technical correction: the hash of the offline invoice it corrects.</summary>
    public string? HashOfCorrectedInvoice { get; init; }
    public required KsefSession Session { get; init; }

    /// <summary>KOD I (kody-qr.md), for a visualization labelled with the KSeF number; null when KSeF's values cannot make one.</summary>
    public string? InvoiceLink => VerificationLinks.InvoiceLink(Session.Environment, SellerNip, IssueDate, Hash);

    public static InvoiceMetadata From(JsonNode item, KsefSession session) => new()
    {
        KsefNumber = RequiredValues.Text(item, "ksefNumber"),
        InvoiceNumber = RequiredValues.Text(item, "invoiceNumber"),
        IssueDate = RequiredValues.Day(item, "issueDate"),
        InvoicingDate = RequiredValues.Date(item, "invoicingDate"),
        AcquisitionDate = AnswerValues.Date(item["acquisitionDate"]),
        PermanentStorageDate = RequiredValues.Date(item, "permanentStorageDate"),
        SellerNip = RequiredValues.Text(item, "seller", "nip"),
        SellerName = AnswerValues.Text(AnswerValues.At(item, "seller", "name")),
        BuyerIdentifierType = AnswerValues.Text(AnswerValues.At(item, "buyer", "identifier", "type")),
        BuyerIdentifier = AnswerValues.Text(AnswerValues.At(item, "buyer", "identifier", "value")),
        BuyerName = AnswerValues.Text(AnswerValues.At(item, "buyer", "name")),
        ThirdSubjects = [.. AnswerValues.Items(item["thirdSubjects"]).Select(InvoiceSubject.ThirdFrom).OfType<InvoiceSubject>()],
        AuthorizedSubject = InvoiceSubject.AuthorizedFrom(item["authorizedSubject"]),
        NetAmount = AnswerValues.Amount(item["netAmount"]) ?? 0,
        GrossAmount = AnswerValues.Amount(item["grossAmount"]) ?? 0,
        VatAmount = AnswerValues.Amount(item["vatAmount"]) ?? 0,
        Currency = AnswerValues.Text(item["currency"]) ?? "",
        InvoiceType = AnswerValues.Text(item["invoiceType"]) ?? "",
        InvoicingMode = AnswerValues.Text(item["invoicingMode"]) ?? "",
        FormCode = FormCodeOf(item["formCode"]),
        IsSelfInvoicing = AnswerValues.Flag(item["isSelfInvoicing"]) ?? false,
        HasAttachment = AnswerValues.Flag(item["hasAttachment"]) ?? false,
        Hash = RequiredValues.Text(item, "invoiceHash"),
        HashOfCorrectedInvoice = AnswerValues.Text(item["hashOfCorrectedInvoice"]),
        Session = session,
    };

    private static FormCode? FormCodeOf(JsonNode? form) =>
        AnswerValues.Text(AnswerValues.At(form, "systemCode")) is { } system && AnswerValues.Text(AnswerValues.At(form, "schemaVersion")) is { } version
            && AnswerValues.Text(AnswerValues.At(form, "value")) is { } value
            ? new FormCode(system, version, value)
            : null;
}
