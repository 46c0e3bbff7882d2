using System.Globalization;
using System.Xml;

namespace KsefPS.Emulator.Invoices;

/// <summary>What KSeF reads out of an invoice for its metadata (BRIEF §8.2) and duplicate check (BRIEF §7.1).</summary>
public sealed record InvoiceContent
{
    public required string SellerNip { get; init; }
    public string? SellerName { get; init; }
    public required string BuyerIdentifierType { get; init; }
    public string? BuyerIdentifier { get; init; }
    public string? BuyerName { get; init; }
    public IReadOnlyList<string> ThirdSubjectNips { get; init; } = [];
    public required DateOnly IssueDate { get; init; }
    public required string InvoiceNumber { get; init; }
    public required string InvoiceType { get; init; }
    public required string Currency { get; init; }
    public decimal Net { get; init; }
    public decimal Vat { get; init; }
    public decimal Gross { get; init; }
    public bool HasAttachment { get; init; }
    public string? FormSystemCode { get; init; }
    public string? FormSchemaVersion { get; init; }

    /// <summary>Null when the document lacks what every FA invoice has (seller NIP, P_1, P_2).</summary>
    public static InvoiceContent? Read(byte[] document)
    {
        var xml = new XmlDocument { XmlResolver = null, PreserveWhitespace = false };
        using (var reader = XmlReader.Create(new MemoryStream(document), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
        {
            xml.Load(reader);
        }
        var root = xml.DocumentElement!;
        var seller = Path(root, "Podmiot1", "DaneIdentyfikacyjne");
        var buyer = Path(root, "Podmiot2", "DaneIdentyfikacyjne");
        var fa = Path(root, "Fa");
        var header = Path(root, "Naglowek", "KodFormularza");
        var sellerNip = Text(seller, "NIP");
        var issue = Text(fa, "P_1");
        var number = Text(fa, "P_2");
        if (sellerNip is null || number is null || !DateOnly.TryParseExact(issue, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var issueDate))
        {
            return null;
        }
        var (buyerType, buyerId) = Text(buyer, "NIP") is { } nip ? ("Nip", nip)
            : Text(buyer, "NrVatUE") is { } vatUe ? ("VatUe", (Text(buyer, "KodUE") ?? "") + vatUe)
            : Text(buyer, "NrID") is { } other ? ("Other", other)
            : ("None", (string?)null);
        var amounts = fa?.ChildNodes.OfType<XmlElement>().ToList() ?? [];
        decimal Sum(string prefix, string? except = null) => amounts
            .Where(e => e.LocalName.StartsWith(prefix, StringComparison.Ordinal) && (except is null || !e.LocalName.EndsWith(except, StringComparison.Ordinal)))
            .Sum(e => decimal.TryParse(e.InnerText, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : 0m);
        return new InvoiceContent
        {
            SellerNip = sellerNip,
            SellerName = Text(seller, "Nazwa"),
            BuyerIdentifierType = buyerType,
            BuyerIdentifier = buyerId,
            BuyerName = Text(buyer, "Nazwa"),
            ThirdSubjectNips = root.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "Podmiot3")
                .Select(e => Text(Path(e, "DaneIdentyfikacyjne"), "NIP")).OfType<string>().ToList(),
            IssueDate = issueDate,
            InvoiceNumber = number,
            InvoiceType = Text(fa, "RodzajFaktury") ?? "VAT",
            Currency = Text(fa, "KodWaluty") ?? "PLN",
            Net = Sum("P_13_"),
            Vat = Sum("P_14_", except: "W"),
            Gross = decimal.TryParse(Text(fa, "P_15"), NumberStyles.Number, CultureInfo.InvariantCulture, out var gross) ? gross : 0m,
            HasAttachment = Path(root, "Zalacznik") is not null,
            FormSystemCode = header?.GetAttribute("kodSystemowy"),
            FormSchemaVersion = header?.GetAttribute("wersjaSchemy"),
        };
    }

    private static XmlElement? Path(XmlElement? element, params string[] names)
    {
        foreach (var name in names)
        {
            element = element?.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == name);
        }
        return element;
    }

    private static string? Text(XmlElement? parent, string name) =>
        Path(parent, name)?.InnerText.Trim() is { Length: > 0 } text ? text : null;
}
