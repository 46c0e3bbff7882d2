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
        var status = RequiredValues.Object(answer, "status");
        return new SessionStatus(
            AnswerValues.Text(answer["referenceNumber"]) ?? referenceNumber,
            RequiredValues.Number(answer, "status", "code"),
            AnswerValues.Text(status["description"]) ?? "",
            AnswerValues.Items(status["details"]).Select(d => d.ToString()).ToList(),
            AnswerValues.Date(answer["dateCreated"]), AnswerValues.Date(answer["dateUpdated"]), AnswerValues.Date(answer["validUntil"]),
            AnswerValues.Number(answer["invoiceCount"] ?? answer["totalInvoiceCount"]), AnswerValues.Number(answer["successfulInvoiceCount"]),
            AnswerValues.Number(answer["failedInvoiceCount"]),
            AnswerValues.Objects(AnswerValues.At(answer, "upo", "pages")).Select(p => AnswerValues.Text(p["referenceNumber"]) ?? "").Where(p => p.Length > 0).ToList());
    }

    public override string ToString() => $"{Code} {Description}" + (Details.Count > 0 ? $" ({string.Join("; ", Details)})" : "");
}
