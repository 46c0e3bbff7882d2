using System.Globalization;
using System.Text.Json.Nodes;

namespace KsefPS.Core.Invoices;

/// <summary>An invoice's status within its session (SessionInvoiceStatusResponse, BRIEF §7.5).</summary>
public sealed record InvoiceStatus(string ReferenceNumber, string Hash, int Code, string Description, IReadOnlyList<string> Details,
    string? KsefNumber, string? OriginalKsefNumber, string? InvoicingMode, DateTimeOffset? AcquisitionDate)
{
    public int OrdinalNumber { get; init; }
    public string? InvoiceNumber { get; init; }
    /// <summary>The file's name in a batch package (invoiceFileName); null online.</summary>
    public string? FileName { get; init; }
    public DateTimeOffset? InvoicingDate { get; init; }
    /// <summary>The session it was sent in (set when read from a session's list).</summary>
    public string? SessionReferenceNumber { get; init; }

    /// <summary>100 accepted for processing, 150 processing: anything else is final.</summary>
    public bool IsFinal => Code is not (100 or 150);

    public static InvoiceStatus From(JsonNode item)
    {
        var status = item["status"]!;
        return new InvoiceStatus(
            item["referenceNumber"]!.GetValue<string>(),
            item["invoiceHash"]!.GetValue<string>(),
            status["code"]!.GetValue<int>(),
            status["description"]?.GetValue<string>() ?? "",
            status["details"]?.AsArray().Select(d => d?.ToString() ?? "").ToList() ?? [],
            item["ksefNumber"]?.GetValue<string>(),
            status["extensions"]?["originalKsefNumber"]?.GetValue<string>(),
            item["invoicingMode"]?.GetValue<string>(),
            Date(item["acquisitionDate"]))
        {
            OrdinalNumber = item["ordinalNumber"] is JsonValue ordinal && ordinal.TryGetValue<int>(out var n) ? n : 0,
            InvoiceNumber = item["invoiceNumber"]?.GetValue<string>(),
            FileName = item["invoiceFileName"]?.GetValue<string>(),
            InvoicingDate = Date(item["invoicingDate"]),
        };
    }

    private static DateTimeOffset? Date(JsonNode? value) =>
        value is JsonValue text && DateTimeOffset.TryParse(text.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    public override string ToString() =>
        $"{Code} {Description}" + (Details.Count > 0 ? $" ({string.Join("; ", Details)})" : "");
}
