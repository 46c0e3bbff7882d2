using System.Text.Json.Nodes;
using KsefPS.Core.Api;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>
/// A sending session's status (GET /sessions/{ref}, BRIEF §7.5, §7.7). The invoice counts are optional: KSeF gives them
/// once it knows them, so a missing count is null, never zero.
/// </summary>
public sealed record SessionStatus(string ReferenceNumber, int Code, string Description, IReadOnlyList<string> Details,
    DateTimeOffset? Created, DateTimeOffset? Updated, DateTimeOffset? ValidUntil, int? InvoiceCount, int? SuccessfulInvoiceCount, int? FailedInvoiceCount,
    IReadOnlyList<string> UpoPages)
{
    /// <summary>100 open or started, 150 processing, 170 closed and still processing (online): anything else is final.</summary>
    public bool IsFinal => Code is not (100 or 150 or 170);

    public bool Succeeded => Code == 200;

    public static SessionStatus From(string referenceNumber, JsonNode answer)
    {
        var status = answer["status"]!;
        return new SessionStatus(
            answer["referenceNumber"]?.GetValue<string>() ?? referenceNumber,
            status["code"]!.GetValue<int>(),
            status["description"]?.GetValue<string>() ?? "",
            AnswerValues.Items(status["details"]).Select(d => d.ToString()).ToList(),
            AnswerValues.Date(answer["dateCreated"]), AnswerValues.Date(answer["dateUpdated"]), AnswerValues.Date(answer["validUntil"]),
            Count(answer["invoiceCount"] ?? answer["totalInvoiceCount"]), Count(answer["successfulInvoiceCount"]), Count(answer["failedInvoiceCount"]),
            answer["upo"]?["pages"]?.AsArray().Select(p => p?["referenceNumber"]?.GetValue<string>() ?? "").Where(p => p.Length > 0).ToList() ?? []);
    }

    private static int? Count(JsonNode? value) => value is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;

    public override string ToString() => $"{Code} {Description}" + (Details.Count > 0 ? $" ({string.Join("; ", Details)})" : "");
}
