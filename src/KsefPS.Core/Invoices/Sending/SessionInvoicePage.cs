using System.Text.Json;
using KsefPS.Core.Api;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>
/// One page of GET /sessions/{ref}/invoices as it is read from the stream (SessionInvoicesResponse, BRIEF §7.5). Unknown
/// properties are ignored and enum-like values kept as strings, so what KSeF adds later does not break the read.
/// </summary>
internal sealed class SessionInvoicePage
{
    public List<Item>? Invoices { get; set; } = [];
    public string? ContinuationToken { get; set; }

    internal sealed class Item
    {
        public int OrdinalNumber { get; set; }
        public string? InvoiceNumber { get; set; }
        public string? KsefNumber { get; set; }
        public string ReferenceNumber { get; set; } = "";
        public string InvoiceHash { get; set; } = "";
        public string? InvoiceFileName { get; set; }
        public DateTimeOffset? AcquisitionDate { get; set; }
        public DateTimeOffset? InvoicingDate { get; set; }
        public string? InvoicingMode { get; set; }
        public string? UpoDownloadUrl { get; set; }
        public ItemStatus Status { get; set; } = new();

        public InvoiceStatus ToStatus(string sessionReference) => new(ReferenceNumber, InvoiceHash, Status.Code, Status.Description ?? "", ReadableList.From(Status.Details),
            KsefNumber, Status.Extensions is { } extensions && extensions.TryGetValue("originalKsefNumber", out var original) && original.ValueKind == JsonValueKind.String
                ? original.GetString() : null,
            InvoicingMode, AcquisitionDate)
        {
            OrdinalNumber = OrdinalNumber,
            InvoiceNumber = InvoiceNumber,
            FileName = InvoiceFileName,
            InvoicingDate = InvoicingDate,
            SessionReferenceNumber = sessionReference,
            UpoDownloadUrl = UpoDownloadUrl,
        };
    }

    internal sealed class ItemStatus
    {
        public int Code { get; set; }
        public string? Description { get; set; }
        public List<string>? Details { get; set; }
        public Dictionary<string, JsonElement>? Extensions { get; set; }
    }
}
