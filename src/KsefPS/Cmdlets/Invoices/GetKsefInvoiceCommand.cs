using System.Management.Automation;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Invoices;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Invoices;

[Cmdlet(VerbsCommon.Get, "KsefInvoice")]
[OutputType(typeof(InvoiceMetadata))]
public sealed class GetKsefInvoiceCommand : SessionCmdlet
{
    /// <summary>Whose invoices: Seller (issued), Buyer (received), Third (a third subject), Authorized.</summary>
    [Parameter(Position = 0)]
    [SubjectTypeTransformation]
    public SubjectType SubjectType { get; set; } = SubjectType.Buyer;

    [Parameter]
    public DateTime From { get; set; } = DateTime.UtcNow.AddDays(-30);

    [Parameter]
    public DateTime? To { get; set; }

    [Parameter]
    public InvoiceDateType DateType { get; set; } = InvoiceDateType.PermanentStorage;

    [Parameter] [ValidateNotNullOrEmpty] public string? KsefNumber { get; set; }
    [Parameter] [ValidateNotNullOrEmpty] public string? InvoiceNumber { get; set; }
    [Parameter] [ValidateNotNullOrEmpty] public string? SellerNip { get; set; }
    [Parameter] [ValidateNotNullOrEmpty] public string? BuyerNip { get; set; }

    /// <summary>An EU buyer's VAT number with its country code (DE123456789), as KSeF's buyerIdentifier VatUe.</summary>
    [Parameter] [ValidateNotNullOrEmpty] [ValidateLength(1, 50)] public string? BuyerVatUe { get; set; }

    /// <summary>A buyer's other identifier (the invoice's NrID), as KSeF's buyerIdentifier Other.</summary>
    [Parameter] [ValidateNotNullOrEmpty] [ValidateLength(1, 50)] public string? BuyerOtherId { get; set; }

    /// <summary>Only invoices whose buyer has no identifier (BrakID), as KSeF's buyerIdentifier None.</summary>
    [Parameter] public SwitchParameter BuyerWithoutIdentifier { get; set; }
    [Parameter] [ValidateNotNullOrEmpty] public string[] Currency { get; set; } = [];

    [Parameter]
    [ValidateSet("Online", "Offline")]
    public string? InvoicingMode { get; set; }

    [Parameter]
    [ValidateSet("Vat", "Zal", "Kor", "Roz", "Upr", "KorZal", "KorRoz", "VatPef", "VatPefSp", "KorPef", "VatRr", "KorVatRr")]
    public string[] InvoiceType { get; set; } = [];

    [Parameter] public decimal? MinimumAmount { get; set; }
    [Parameter] public decimal? MaximumAmount { get; set; }

    [Parameter]
    [ValidateSet("Brutto", "Netto", "Vat")]
    public string AmountType { get; set; } = "Brutto";

    [Parameter]
    [ValidateSet("FA", "PEF", "FA_RR")]
    public string? FormType { get; set; }

    [Parameter] public bool? HasAttachment { get; set; }
    [Parameter] public bool? SelfInvoicing { get; set; }

    protected override void EndProcessing()
    {
        var from = Instant(From);
        var to = To is { } end ? Instant(end) : (DateTimeOffset?)null;
        RequireOrdered("-From", from, to is null ? "now (no -To)" : "-To", to ?? DateTimeOffset.Now);
        RequireOrdered("-MinimumAmount", MinimumAmount, "-MaximumAmount", MaximumAmount);
        var buyers = new (string Name, bool Given)[]
        {
            (nameof(BuyerNip), BuyerNip is not null), (nameof(BuyerVatUe), BuyerVatUe is not null),
            (nameof(BuyerOtherId), BuyerOtherId is not null), (nameof(BuyerWithoutIdentifier), BuyerWithoutIdentifier.IsPresent),
        }.Where(b => b.Given).Select(b => b.Name).ToList();
        if (buyers.Count > 1)
        {
            ThrowKsefError(new KsefException(ErrorIds.ParameterConflict, KsefErrorKind.InvalidArgument,
                $"KSeF filters by one buyer identifier; give one of {string.Join(", ", buyers.Select(b => "-" + b))}."));
        }
        var session = RequireSession();
        // Identifiers as people write them (dashes in a NIP, a currency in lower case) become what KSeF matches exactly.
        var controlDigit = KsefEnvironmentInfo.For(session.Environment).ChecksNipControlDigits;
        var filter = new InvoiceFilter(SubjectType, DateType, from, to)
        {
            KsefNumber = KsefNumber is null ? null : Terminating(() => Core.Identifiers.KsefNumber.Require(KsefNumber.Trim())),
            InvoiceNumber = InvoiceNumber,
            SellerNip = SellerNip is null ? null : Terminating(() => Nip.Require(SellerNip, controlDigit)),
            Buyer = Buyer(controlDigit),
            Currencies = Currency.Select(code => code.Trim().ToUpperInvariant()).ToList(),
            InvoicingMode = InvoicingMode,
            InvoiceTypes = InvoiceType,
            AmountType = AmountType,
            AmountFrom = MinimumAmount,
            AmountTo = MaximumAmount,
            FormType = FormType,
            HasAttachment = HasAttachment,
            IsSelfInvoicing = SelfInvoicing,
        };
        Terminating(() => Stream("Get-KsefInvoice", async (emit, narrate, report, cancel) =>
        {
            var count = 0;
            var pages = 0;
            narrate(FormattableString.Invariant($"Listing {filter.Subject} invoices by {filter.DateType} date from {filter.From:yyyy-MM-dd HH:mm:ss}") +
                (filter.To is { } until ? FormattableString.Invariant($" to {until:yyyy-MM-dd HH:mm:ss}") : "") + ", page by page.");
            void OnPage(InvoiceQuery.PageInfo page)
            {
                if (page.WindowMovedTo is { } moved)
                {
                    narrate($"KSeF truncated the result at its record limit; continuing from {moved:O}.");
                }
                narrate($"Page {++pages} from KSeF ({count} invoices listed before it).");
                report($"{count} invoices", -1);
            }
            await foreach (var invoice in InvoiceQuery.RunAsync(session, filter, OnPage, cancel).ConfigureAwait(false))
            {
                count++;
                emit(invoice);
            }
            narrate($"{count} invoices in {pages} page(s).");
        }));
    }

    private (string Type, string? Value)? Buyer(bool nipControlDigit) =>
        BuyerNip is not null ? ("Nip", Terminating(() => Nip.Require(BuyerNip, nipControlDigit)))
        : BuyerVatUe is not null ? ("VatUe", BuyerVatUe.Trim().ToUpperInvariant())
        : BuyerOtherId is not null ? ("Other", BuyerOtherId.Trim())
        : BuyerWithoutIdentifier ? ("None", null)
        : null;
}
