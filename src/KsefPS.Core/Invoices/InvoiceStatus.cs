using System.Text.Json.Nodes;

namespace KsefPS.Core.Invoices;

/// <summary>An invoice's status within its session (SessionInvoiceStatusResponse, BRIEF §7.5).</summary>
public sealed record InvoiceStatus(string ReferenceNumber, string Hash, int Code, string Description, IReadOnlyList<string> Details,
    string? KsefNumber, string? OriginalKsefNumber, string? InvoicingMode, DateTimeOffset? AcquisitionDate)
{
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
            item["acquisitionDate"] is { } acquired ? DateTimeOffset.Parse(acquired.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    public override string ToString() =>
        $"{Code} {Description}" + (Details.Count > 0 ? $" ({string.Join("; ", Details)})" : "");
}
