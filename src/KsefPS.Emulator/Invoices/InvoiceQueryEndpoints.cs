using System.Globalization;
using System.Text.Json.Nodes;
using KsefPS.Emulator.Auth;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Invoices;

/// <summary>/v2/invoices: the metadata query with paging and truncation, and download by KSeF number (BRIEF §8.1–8.2).</summary>
public static class InvoiceQueryEndpoints
{
    private static readonly Dictionary<string, string> InvoiceTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["VAT"] = "Vat", ["ZAL"] = "Zal", ["KOR"] = "Kor", ["ROZ"] = "Roz", ["UPR"] = "Upr", ["KOR_ZAL"] = "KorZal", ["KOR_ROZ"] = "KorRoz",
    };

    public static void Map(WebApplication app)
    {
        var jwt = app.Services.GetRequiredService<Jwt>();
        var repository = app.Services.GetRequiredService<InvoiceRepository>();
        var options = app.Services.GetRequiredService<EmulatorOptions>();

        app.MapPost("/v2/invoices/query/metadata", (HttpContext http, JsonObject filters) =>
        {
            var (_, context, refusal) = Access.Require(jwt, http, "InvoiceRead");
            if (refusal is not null)
            {
                return refusal;
            }
            var query = http.Request.Query;
            var ascending = !string.Equals(query["sortOrder"], "Desc", StringComparison.OrdinalIgnoreCase);
            var offset = int.TryParse(query["pageOffset"], out var o) ? o : 0;
            var size = int.TryParse(query["pageSize"], out var s) ? s : 10;
            if (!Filter.TryRead(filters, out var filter, out var problem) || offset < 0 || size is < 10 or > 250)
            {
                return Errors.BadRequest(http, 21405, "Błąd walidacji danych wejściowych.", problem ?? "pageOffset ≥ 0 and pageSize 10..250.");
            }
            var (visible, hwm) = repository.Visible();
            if (filter.RestrictToHwm && filter.From > hwm)
            {
                return Errors.BadRequest(http, 21183, "Początek zakresu dat jest późniejszy niż data HWM.", $"from {filter.From:O} is after the HWM {hwm:O}.");
            }
            var matches = visible.Where(i => filter.Matches(i, context!, hwm)).ToList();
            matches.Sort((a, b) => ascending ? filter.DateOf(a).CompareTo(filter.DateOf(b)) : filter.DateOf(b).CompareTo(filter.DateOf(a)));
            var window = Math.Min(matches.Count, options.QueryRecordLimit);
            var start = Math.Min(offset * size, window);
            var end = Math.Min(start + size, window);
            var hasMore = end < matches.Count;
            var body = new JsonObject
            {
                ["hasMore"] = hasMore,
                ["isTruncated"] = hasMore && end >= window,
                ["invoices"] = new JsonArray(matches.Skip(start).Take(end - start).Select(i => (JsonNode)Describe(i)).ToArray()),
            };
            if (filter.DateType == "PermanentStorage")
            {
                body["permanentStorageHwmDate"] = hwm.ToString("O");
            }
            return Results.Json(body);
        });

        app.MapGet("/v2/invoices/ksef/{ksefNumber}", (HttpContext http, string ksefNumber) =>
        {
            var (_, context, refusal) = Access.Require(jwt, http, "InvoiceRead");
            if (refusal is not null)
            {
                return refusal;
            }
            if (repository.Find(ksefNumber) is not { } invoice || !InvoiceRepository.Concerns(invoice, context!))
            {
                return Errors.BadRequest(http, 21164, "Faktura o podanym identyfikatorze nie istnieje.", ksefNumber);
            }
            http.Response.Headers["x-ms-meta-hash"] = invoice.Hash;
            return Results.Bytes(invoice.Content, "application/xml");
        });
    }

    public static JsonObject Describe(StoredInvoice invoice)
    {
        var facts = invoice.Facts;
        var buyer = new JsonObject { ["identifier"] = new JsonObject { ["type"] = facts.BuyerIdentifierType } };
        if (facts.BuyerIdentifier is { } id)
        {
            buyer["identifier"]!["value"] = id;
        }
        if (facts.BuyerName is { } buyerName)
        {
            buyer["name"] = buyerName;
        }
        var seller = new JsonObject { ["nip"] = facts.SellerNip };
        if (facts.SellerName is { } sellerName)
        {
            seller["name"] = sellerName;
        }
        var body = new JsonObject
        {
            ["ksefNumber"] = invoice.KsefNumber,
            ["invoiceNumber"] = facts.InvoiceNumber,
            ["issueDate"] = facts.IssueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["invoicingDate"] = invoice.InvoicingDate.ToString("O"),
            ["acquisitionDate"] = invoice.AcquisitionDate.ToString("O"),
            ["permanentStorageDate"] = invoice.PermanentStorageDate.ToString("O"),
            ["seller"] = seller,
            ["buyer"] = buyer,
            ["netAmount"] = facts.Net,
            ["grossAmount"] = facts.Gross,
            ["vatAmount"] = facts.Vat,
            ["currency"] = facts.Currency,
            ["invoicingMode"] = invoice.InvoicingMode,
            ["invoiceType"] = InvoiceTypeOf(facts),
            ["formCode"] = new JsonObject
            {
                ["systemCode"] = invoice.Form.SystemCode,
                ["schemaVersion"] = invoice.Form.SchemaVersion,
                ["value"] = invoice.Form.Value,
            },
            ["isSelfInvoicing"] = false,
            ["hasAttachment"] = facts.HasAttachment,
            ["invoiceHash"] = invoice.Hash,
        };
        if (invoice.HashOfCorrectedInvoice is { } corrected)
        {
            body["hashOfCorrectedInvoice"] = corrected;
        }
        return body;
    }

    private static string InvoiceTypeOf(InvoiceContent facts) => InvoiceTypes.GetValueOrDefault(facts.InvoiceType, "Vat");

    /// <summary>InvoiceQueryFilters (BRIEF §8.2): what the emulator filters on.</summary>
    private sealed record Filter
    {
        public required string SubjectType { get; init; }
        public required string DateType { get; init; }
        public required DateTimeOffset From { get; init; }
        public DateTimeOffset? To { get; init; }
        public bool RestrictToHwm { get; init; }
        public string? KsefNumber { get; init; }
        public string? InvoiceNumber { get; init; }
        public string? SellerNip { get; init; }
        public string? BuyerIdentifier { get; init; }
        public string? InvoicingMode { get; init; }
        public IReadOnlyList<string> Currencies { get; init; } = [];
        public IReadOnlyList<string> InvoiceTypes { get; init; } = [];
        public string? AmountType { get; init; }
        public decimal? AmountFrom { get; init; }
        public decimal? AmountTo { get; init; }
        public string? FormType { get; init; }
        public bool? HasAttachment { get; init; }
        public bool? IsSelfInvoicing { get; init; }

        public static bool TryRead(JsonObject json, out Filter filter, out string? problem)
        {
            filter = null!;
            problem = null;
            var range = json.GetObject("dateRange");
            var subject = json.Get("subjectType");
            var dateType = range?.Get("dateType");
            if (range is null || subject is not ("Subject1" or "Subject2" or "Subject3" or "SubjectAuthorized") || dateType is not ("Issue" or "Invoicing" or "PermanentStorage")
                || !DateTimeOffset.TryParse(range.Get("from"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var from))
            {
                problem = "subjectType (Subject1|Subject2|Subject3|SubjectAuthorized) and dateRange {dateType, from} are required.";
                return false;
            }
            DateTimeOffset? to = DateTimeOffset.TryParse(range.Get("to"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
            if ((to ?? DateTimeOffset.UtcNow) - from > TimeSpan.FromDays(92))
            {
                problem = "The date range may span at most 3 months.";
                return false;
            }
            var restrict = Flag(range, "restrictToPermanentStorageHwmDate") ?? false;
            var amount = json.GetObject("amount");
            filter = new Filter
            {
                SubjectType = subject,
                DateType = dateType,
                From = from,
                To = to,
                RestrictToHwm = restrict && dateType == "PermanentStorage",
                KsefNumber = json.Get("ksefNumber"),
                InvoiceNumber = json.Get("invoiceNumber"),
                SellerNip = json.Get("sellerNip"),
                BuyerIdentifier = json.GetObject("buyerIdentifier")?.Get("value"),
                InvoicingMode = json.Get("invoicingMode"),
                Currencies = json.GetArray("currencyCodes")?.Select(c => c?.GetValue<string>() ?? "").ToList() ?? [],
                InvoiceTypes = json.GetArray("invoiceTypes")?.Select(c => c?.GetValue<string>() ?? "").ToList() ?? [],
                AmountType = amount?.Get("type"),
                AmountFrom = amount is null ? null : Number(amount, "from"),
                AmountTo = amount is null ? null : Number(amount, "to"),
                FormType = json.Get("formType"),
                HasAttachment = Flag(json, "hasAttachment"),
                IsSelfInvoicing = Flag(json, "isSelfInvoicing"),
            };
            return true;
        }

        private static bool? Flag(JsonObject json, string name) => json.Property(name) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

        private static decimal? Number(JsonObject json, string name) => json.Property(name) is JsonValue v && v.TryGetValue<decimal>(out var d) ? d : null;

        private decimal AmountOf(InvoiceContent facts) => AmountType switch
        {
            "Netto" => facts.Net,
            "Vat" => facts.Vat,
            _ => facts.Gross,
        };

        public DateTimeOffset DateOf(StoredInvoice invoice) => DateType switch
        {
            "Issue" => new DateTimeOffset(invoice.Facts.IssueDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            "Invoicing" => invoice.InvoicingDate,
            _ => invoice.PermanentStorageDate,
        };

        public bool Matches(StoredInvoice invoice, Identifier context, DateTimeOffset hwm)
        {
            var nip = context.Value.Length >= 10 ? context.Value[..10] : context.Value;
            var facts = invoice.Facts;
            var subjectMatches = SubjectType switch
            {
                "Subject1" => facts.SellerNip == nip,
                "Subject2" => facts.BuyerIdentifier == nip,
                "Subject3" => facts.ThirdSubjectNips.Contains(nip),
                _ => false,
            };
            var date = DateOf(invoice);
            return subjectMatches && date >= From && (To is null || date <= To) && (!RestrictToHwm || invoice.PermanentStorageDate <= hwm)
                && (KsefNumber is null || KsefNumber == invoice.KsefNumber)
                && (InvoiceNumber is null || InvoiceNumber == facts.InvoiceNumber)
                && (SellerNip is null || SellerNip == facts.SellerNip)
                && (BuyerIdentifier is null || BuyerIdentifier == facts.BuyerIdentifier)
                && (InvoicingMode is null || InvoicingMode == invoice.InvoicingMode)
                && (Currencies.Count == 0 || Currencies.Contains(facts.Currency))
                && (InvoiceTypes.Count == 0 || InvoiceTypes.Contains(InvoiceTypeOf(facts)))
                && (AmountFrom is null || AmountOf(facts) >= AmountFrom) && (AmountTo is null || AmountOf(facts) <= AmountTo)
                && (FormType is null || FormType == invoice.Form.Value)
                && (HasAttachment is null || HasAttachment == facts.HasAttachment)
                && (IsSelfInvoicing is null || IsSelfInvoicing == false);
        }
    }
}
