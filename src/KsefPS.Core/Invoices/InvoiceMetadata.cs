using System.Globalization;
using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Offline;
using KsefPS.Core.Sessions;

namespace KsefPS.Core.Invoices;

public enum SubjectType
{
    Seller,
    Buyer,
    Third,
    Authorized,
}

public enum InvoiceDateType
{
    Issue,
    Invoicing,
    PermanentStorage,
}

/// <summary>One invoice from the metadata query (BRIEF §8.2); its Session lets Save-KsefInvoice follow without arguments.</summary>
public sealed class InvoiceMetadata
{
    public required string KsefNumber { get; init; }
    public required string InvoiceNumber { get; init; }
    public required DateOnly IssueDate { get; init; }
    public required DateTimeOffset InvoicingDate { get; init; }
    public required DateTimeOffset PermanentStorageDate { get; init; }
    public required string SellerNip { get; init; }
    public string? SellerName { get; init; }
    public string? BuyerIdentifier { get; init; }
    public string? BuyerName { get; init; }
    public decimal NetAmount { get; init; }
    public decimal GrossAmount { get; init; }
    public decimal VatAmount { get; init; }
    public required string Currency { get; init; }
    public required string InvoiceType { get; init; }
    public required string InvoicingMode { get; init; }
    public required string Hash { get; init; }
    public required KsefSession Session { get; init; }

    /// <summary>KOD I (kody-qr.md), for a visualization labelled with the KSeF number; null when KSeF's values cannot make one.</summary>
    public string? InvoiceLink => VerificationLinks.InvoiceLink(Session.Environment, SellerNip, IssueDate, Hash);

    public static InvoiceMetadata From(JsonNode item, KsefSession session) => new()
    {
        KsefNumber = RequiredValues.Text(item, "ksefNumber"),
        InvoiceNumber = RequiredValues.Text(item, "invoiceNumber"),
        IssueDate = RequiredValues.Day(item, "issueDate"),
        InvoicingDate = RequiredValues.Date(item, "invoicingDate"),
        PermanentStorageDate = RequiredValues.Date(item, "permanentStorageDate"),
        SellerNip = RequiredValues.Text(item, "seller", "nip"),
        SellerName = AnswerValues.Text(AnswerValues.At(item, "seller", "name")),
        BuyerIdentifier = AnswerValues.Text(AnswerValues.At(item, "buyer", "identifier", "value")),
        BuyerName = AnswerValues.Text(AnswerValues.At(item, "buyer", "name")),
        NetAmount = AnswerValues.Amount(item["netAmount"]) ?? 0,
        GrossAmount = AnswerValues.Amount(item["grossAmount"]) ?? 0,
        VatAmount = AnswerValues.Amount(item["vatAmount"]) ?? 0,
        Currency = AnswerValues.Text(item["currency"]) ?? "",
        InvoiceType = AnswerValues.Text(item["invoiceType"]) ?? "",
        InvoicingMode = AnswerValues.Text(item["invoicingMode"]) ?? "",
        Hash = RequiredValues.Text(item, "invoiceHash"),
        Session = session,
    };
}
