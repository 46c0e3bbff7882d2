using System.Globalization;
using System.Text.Json.Nodes;
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
        KsefNumber = item["ksefNumber"]!.GetValue<string>(),
        InvoiceNumber = item["invoiceNumber"]!.GetValue<string>(),
        IssueDate = DateOnly.Parse(item["issueDate"]!.GetValue<string>(), CultureInfo.InvariantCulture),
        InvoicingDate = Date(item["invoicingDate"]),
        PermanentStorageDate = Date(item["permanentStorageDate"]),
        SellerNip = item["seller"]!["nip"]!.GetValue<string>(),
        SellerName = item["seller"]!["name"]?.GetValue<string>(),
        BuyerIdentifier = item["buyer"]?["identifier"]?["value"]?.GetValue<string>(),
        BuyerName = item["buyer"]?["name"]?.GetValue<string>(),
        NetAmount = item["netAmount"]?.GetValue<decimal>() ?? 0,
        GrossAmount = item["grossAmount"]?.GetValue<decimal>() ?? 0,
        VatAmount = item["vatAmount"]?.GetValue<decimal>() ?? 0,
        Currency = item["currency"]?.GetValue<string>() ?? "",
        InvoiceType = item["invoiceType"]?.GetValue<string>() ?? "",
        InvoicingMode = item["invoicingMode"]?.GetValue<string>() ?? "",
        Hash = item["invoiceHash"]!.GetValue<string>(),
        Session = session,
    };

    private static DateTimeOffset Date(JsonNode? node) =>
        DateTimeOffset.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
