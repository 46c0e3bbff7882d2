using System.Globalization;
using System.Text.Json.Nodes;
using KsefPS.Emulator.Auth;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Invoices;

/// <summary>/v2/invoices: the metadata query with paging and truncation, and download by KSeF number (BRIEF §8.1–8.2).</summary>
public sealed class InvoiceQueryEndpoints(Jwt jwt, InvoiceRepository repository, EmulatorOptions options)
{
    private static readonly Dictionary<string, string> InvoiceTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["VAT"] = "Vat", ["ZAL"] = "Zal", ["KOR"] = "Kor", ["ROZ"] = "Roz", ["UPR"] = "Upr", ["KOR_ZAL"] = "KorZal", ["KOR_ROZ"] = "KorRoz",
        ["VatPef"] = "VatPef", ["KorPef"] = "KorPef", ["VAT_RR"] = "VatRr", ["KOR_VAT_RR"] = "KorVatRr",
    };

    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<InvoiceQueryEndpoints>(app.Services);
        app.MapPost("/v2/invoices/query/metadata", endpoints.QueryMetadata);
        app.MapGet("/v2/invoices/ksef/{ksefNumber}", endpoints.Download);
    }

    private IResult QueryMetadata(HttpContext http, JsonObject filters)
    {
        var (_, context, refusal) = Access.Require(jwt, http, "InvoiceRead");
        if (refusal is not null)
        {
            return refusal;
        }
        var query = http.Request.Query;
        var ascending = !string.Equals(query["sortOrder"], "Desc", StringComparison.OrdinalIgnoreCase);
        if (OffsetPaging.Read(http, maxSize: 250, out var page) is { } badPage)
        {
            return badPage;
        }
        if (!QueryFilter.TryRead(filters, out var filter, out var problem))
        {
            return Errors.InvalidInput(http, problem!);
        }
        var (visible, hwm) = repository.Visible();
        if (InvoiceRefusals.RefuseBeyondHighWaterMark(http, filter, hwm) is { } beyond)
        {
            return beyond;
        }
        var matches = filter.Select(visible, context!, hwm, ascending);
        var window = Math.Min(matches.Count, options.QueryRecordLimit);
        var start = (int)Math.Min((long)page.Offset * page.Size, window);
        var end = Math.Min(start + page.Size, window);
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
    }

    private IResult Download(HttpContext http, string ksefNumber)
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
            ["isSelfInvoicing"] = invoice.IsSelfInvoicing,
            ["hasAttachment"] = facts.HasAttachment,
            ["invoiceHash"] = invoice.Hash,
        };
        if (invoice.HashOfCorrectedInvoice is { } corrected)
        {
            body["hashOfCorrectedInvoice"] = corrected;
        }
        if (facts.ThirdSubjects.Count > 0)
        {
            body["thirdSubjects"] = new JsonArray([.. facts.ThirdSubjects.Select(Describe)]);
        }
        if (facts.Authorized is { } authorized)
        {
            body["authorizedSubject"] = WithName(new JsonObject { ["nip"] = authorized.Nip, ["role"] = authorized.Role }, authorized.Name);
        }
        return body;
    }

    private static JsonNode Describe(InvoiceContent.ThirdSubject subject)
    {
        var identifier = new JsonObject { ["type"] = subject.IdentifierType };
        if (subject.Identifier is { } value)
        {
            identifier["value"] = value;
        }
        return WithName(new JsonObject { ["identifier"] = identifier, ["role"] = subject.Role }, subject.Name);
    }

    private static JsonObject WithName(JsonObject subject, string? name)
    {
        if (name is not null)
        {
            subject["name"] = name;
        }
        return subject;
    }

    internal static string InvoiceTypeOf(InvoiceContent facts) => InvoiceTypes.GetValueOrDefault(facts.InvoiceType, "Vat");
}
