using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Errors;
using KsefPS.Core.Sessions;

namespace KsefPS.Core.Invoices;

/// <summary>
/// Streams every invoice a filter matches: pages of 250, windows of at most three months, and when KSeF truncates a
/// filter set at 10,000 records, the window moves to the last record's date (BRIEF §8.2). Records on that boundary
/// come again in the next window and are skipped.
/// </summary>
public static class InvoiceQuery
{
    public const int PageSize = 250;

    /// <summary>Told after each page: the high-water mark KSeF reported, and whether the window just moved.</summary>
    public sealed record PageInfo(DateTimeOffset? HighWaterMark, bool Truncated, DateTimeOffset? WindowMovedTo);

    public static async IAsyncEnumerable<InvoiceMetadata> RunAsync(KsefSession session, InvoiceFilter filter, Action<PageInfo>? onPage,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        var end = filter.To ?? DateTimeOffset.UtcNow;
        for (var start = filter.From; ; start = QueryWindow.LatestEnd(start))
        {
            var last = end <= QueryWindow.LatestEnd(start);
            var window = filter with { From = start, To = last ? filter.To : QueryWindow.LatestEnd(start) };
            await foreach (var invoice in WindowAsync(session, window, onPage, cancellation).ConfigureAwait(false))
            {
                yield return invoice;
            }
            if (last)
            {
                yield break;
            }
        }
    }

    private static async IAsyncEnumerable<InvoiceMetadata> WindowAsync(KsefSession session, InvoiceFilter filter, Action<PageInfo>? onPage,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        var from = filter.From;
        var offset = 0;
        var boundary = new HashSet<string>();
        var skip = new HashSet<string>();
        DateTimeOffset? boundaryDate = null;
        while (true)
        {
            var body = Body(filter with { From = from });
            var page = RequiredValues.Object(await session.SendAsync(HttpMethod.Post,
                $"invoices/query/metadata?sortOrder=Asc&pageOffset={offset}&pageSize={PageSize}", cancellation, body, idempotent: true).ConfigureAwait(false));
            foreach (var item in RequiredValues.Entries(page["invoices"], "invoices"))
            {
                var invoice = InvoiceMetadata.From(item, session);
                var date = DateOf(invoice, filter.DateType);
                if (date != boundaryDate)
                {
                    boundary.Clear();
                    boundaryDate = date;
                }
                boundary.Add(invoice.KsefNumber);
                if (!skip.Contains(invoice.KsefNumber))
                {
                    yield return invoice;
                }
            }
            var hasMore = AnswerValues.Flag(page["hasMore"]) ?? false;
            var truncated = AnswerValues.Flag(page["isTruncated"]) ?? false;
            var hwm = AnswerValues.Date(page["permanentStorageHwmDate"]);
            if (hasMore && truncated && boundaryDate is { } moveTo)
            {
                if (moveTo == from && offset == 0)
                {
                    throw new KsefException(ErrorIds.QueryWindowFull, KsefErrorKind.InvalidOperation,
                        $"More than a whole window of invoices share the date {moveTo:O}; KSeF cannot page past them.", moveTo);
                }
                from = moveTo;
                offset = 0;
                skip = [.. boundary];
                onPage?.Invoke(new PageInfo(hwm, true, moveTo));
                continue;
            }
            onPage?.Invoke(new PageInfo(hwm, false, null));
            if (!hasMore)
            {
                yield break;
            }
            offset++;
        }
    }

    private static DateTimeOffset DateOf(InvoiceMetadata invoice, InvoiceDateType type) => type switch
    {
        InvoiceDateType.Issue => new DateTimeOffset(invoice.IssueDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        InvoiceDateType.Invoicing => invoice.InvoicingDate,
        _ => invoice.PermanentStorageDate,
    };

    internal static JsonObject Body(InvoiceFilter filter)
    {
        var range = new JsonObject { ["dateType"] = filter.DateType.ToString(), ["from"] = filter.From.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) };
        if (filter.To is { } to)
        {
            range["to"] = to.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        }
        if (filter.RestrictToHighWaterMark)
        {
            range["restrictToPermanentStorageHwmDate"] = true;
        }
        var body = new JsonObject
        {
            ["subjectType"] = filter.Subject switch
            {
                SubjectType.Seller => "Subject1",
                SubjectType.Buyer => "Subject2",
                SubjectType.Third => "Subject3",
                _ => "SubjectAuthorized",
            },
            ["dateRange"] = range,
        };
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                body[name] = value;
            }
        }
        Add("ksefNumber", filter.KsefNumber);
        Add("invoiceNumber", filter.InvoiceNumber);
        Add("sellerNip", filter.SellerNip);
        Add("invoicingMode", filter.InvoicingMode);
        if (filter.Buyer is { } buyer)
        {
            body["buyerIdentifier"] = buyer.Value is null
                ? new JsonObject { ["type"] = buyer.Type }
                : new JsonObject { ["type"] = buyer.Type, ["value"] = buyer.Value };
        }
        if (filter.Currencies.Count > 0)
        {
            body["currencyCodes"] = new JsonArray(filter.Currencies.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray());
        }
        if (filter.AmountFrom is not null || filter.AmountTo is not null)
        {
            var amount = new JsonObject { ["type"] = filter.AmountType };
            if (filter.AmountFrom is { } minimum)
            {
                amount["from"] = minimum;
            }
            if (filter.AmountTo is { } maximum)
            {
                amount["to"] = maximum;
            }
            body["amount"] = amount;
        }
        Add("formType", filter.FormType);
        if (filter.HasAttachment is { } attachment)
        {
            body["hasAttachment"] = attachment;
        }
        if (filter.IsSelfInvoicing is { } self)
        {
            body["isSelfInvoicing"] = self;
        }
        if (filter.InvoiceTypes.Count > 0)
        {
            body["invoiceTypes"] = new JsonArray(filter.InvoiceTypes.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray());
        }
        return body;
    }
}
