using System.Text.Json.Nodes;
using KsefPS.Emulator.Auth;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Invoices;

/// <summary>InvoiceQueryFilters (BRIEF §8.2): what the emulator filters on.</summary>
internal sealed record QueryFilter
{
    public required string SubjectType { get; init; }
    public required string DateType { get; init; }
    public required DateTimeOffset From { get; init; }
    public DateTimeOffset? To { get; init; }
    public bool RestrictToHwm { get; init; }
    public string? KsefNumber { get; init; }
    public string? InvoiceNumber { get; init; }
    public string? SellerNip { get; init; }
    public string? BuyerIdentifierType { get; init; }
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

    public static bool TryRead(JsonObject json, out QueryFilter filter, out string? problem)
    {
        filter = null!;
        problem = null;
        var range = json.GetObject("dateRange");
        var subject = json.Get("subjectType");
        var dateType = range?.Get("dateType");
        if (range is null || subject is not ("Subject1" or "Subject2" or "Subject3" or "SubjectAuthorized") || dateType is not ("Issue" or "Invoicing" or "PermanentStorage")
            || !PolishTime.TryParse(range.Get("from"), out var from))
        {
            problem = "subjectType (Subject1|Subject2|Subject3|SubjectAuthorized) and dateRange {dateType, from} are required.";
            return false;
        }
        DateTimeOffset? to = PolishTime.TryParse(range.Get("to"), out var t) ? t : null;
        if (!PolishTime.FitsThreeMonths(from, to ?? DateTimeOffset.UtcNow))
        {
            problem = "The date range may span at most 3 months.";
            return false;
        }
        var restrict = Flag(range, "restrictToPermanentStorageHwmDate") ?? false;
        var amount = json.GetObject("amount");
        filter = new QueryFilter
        {
            SubjectType = subject,
            DateType = dateType,
            From = from,
            To = to,
            RestrictToHwm = restrict && dateType == "PermanentStorage",
            KsefNumber = json.Get("ksefNumber"),
            InvoiceNumber = json.Get("invoiceNumber"),
            SellerNip = json.Get("sellerNip"),
            BuyerIdentifierType = json.GetObject("buyerIdentifier")?.Get("type"),
            BuyerIdentifier = json.GetObject("buyerIdentifier")?.Get("value"),
            InvoicingMode = json.Get("invoicingMode"),
            Currencies = json.GetStrings("currencyCodes"),
            InvoiceTypes = json.GetStrings("invoiceTypes"),
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

    /// <summary>The invoices this filter matches for the context, ordered by the filter's date.</summary>
    public List<StoredInvoice> Select(IReadOnlyList<StoredInvoice> visible, Identifier context, DateTimeOffset hwm, bool ascending = true)
    {
        var matches = visible.Where(i => Matches(i, context, hwm)).ToList();
        matches.Sort((a, b) => ascending ? DateOf(a).CompareTo(DateOf(b)) : DateOf(b).CompareTo(DateOf(a)));
        return matches;
    }

    public DateTimeOffset DateOf(StoredInvoice invoice) => DateType switch
    {
        "Issue" => new DateTimeOffset(invoice.Facts.IssueDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        "Invoicing" => invoice.InvoicingDate,
        _ => invoice.PermanentStorageDate,
    };

    public bool Matches(StoredInvoice invoice, Identifier context, DateTimeOffset hwm)
    {
        var nip = context.Nip;
        var facts = invoice.Facts;
        var subjectMatches = SubjectType switch
        {
            "Subject1" => facts.SellerNip == nip,
            "Subject2" => facts.BuyerIdentifier == nip,
            "Subject3" => facts.NamesThirdSubject(context),
            "SubjectAuthorized" => facts.Authorized?.Nip == nip,
            _ => false,
        };
        var date = DateOf(invoice);
        return subjectMatches && date >= From && (To is null || date <= To) && (!RestrictToHwm || invoice.PermanentStorageDate <= hwm)
            && (KsefNumber is null || KsefNumber == invoice.KsefNumber)
            && (InvoiceNumber is null || InvoiceNumber == facts.InvoiceNumber)
            && (SellerNip is null || SellerNip == facts.SellerNip)
            && (BuyerIdentifierType is null || BuyerIdentifierType == facts.BuyerIdentifierType)
            && (BuyerIdentifier is null || BuyerIdentifier == facts.BuyerIdentifier)
            && (InvoicingMode is null || InvoicingMode == invoice.InvoicingMode)
            && (Currencies.Count == 0 || Currencies.Contains(facts.Currency))
            && (InvoiceTypes.Count == 0 || InvoiceTypes.Contains(InvoiceQueryEndpoints.InvoiceTypeOf(facts)))
            && (AmountFrom is null || AmountOf(facts) >= AmountFrom) && (AmountTo is null || AmountOf(facts) <= AmountTo)
            && (FormType is null || FormType == invoice.Form.Value)
            && (HasAttachment is null || HasAttachment == facts.HasAttachment)
            && (IsSelfInvoicing is null || IsSelfInvoicing == invoice.IsSelfInvoicing);
    }
}
