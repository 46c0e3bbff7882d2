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
    /// <summary>Podmiot3 entries, in the metadata's terms.</summary>
    public IReadOnlyList<ThirdSubject> ThirdSubjects { get; init; } = [];
    /// <summary>
    /// Whether a context is a third subject of the invoice: a NIP context by a Podmiot3's NIP, an internal-identifier
    /// context (a subunit, e.g. a school of a municipality) by a Podmiot3's IDWew.
    /// </summary>
    public bool NamesThirdSubject(Auth.Identifier context) => context.Type == "InternalId"
        ? ThirdSubjects.Any(s => s.IdentifierType == "InternalId" && s.Identifier == context.Value)
        : ThirdSubjects.Any(s => s.IdentifierType == "Nip" && s.Identifier == context.Nip);
    /// <summary>PodmiotUpowazniony (an enforcement authority, a bailiff or a tax representative), when the invoice names one.</summary>
    public AuthorizedSubject? Authorized { get; init; }
    public required DateOnly IssueDate { get; init; }
    public required string InvoiceNumber { get; init; }
    public required string InvoiceType { get; init; }
    public required string Currency { get; init; }
    public decimal Net { get; init; }
    public decimal Vat { get; init; }
    public decimal Gross { get; init; }
    public bool HasAttachment { get; init; }
    /// <summary>A UBL invoice or credit note of a Peppol provider; its attachments are AdditionalDocumentReference/Attachment.</summary>
    public bool IsPef { get; init; }
    public string? FormSystemCode { get; init; }
    public string? FormSchemaVersion { get; init; }

    /// <summary>Null when the document lacks what every invoice has (an FA invoice's seller NIP, P_1 and P_2; a PEF invoice's likewise).</summary>
    public static InvoiceContent? Read(byte[] document)
    {
        var xml = new XmlDocument { XmlResolver = null, PreserveWhitespace = false };
        using (var reader = XmlReader.Create(new MemoryStream(document), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
        {
            xml.Load(reader);
        }
        var root = xml.DocumentElement!;
        if (root.NamespaceURI.StartsWith(UblNamespacePrefix, StringComparison.Ordinal))
        {
            return ReadPef(root);
        }
        var seller = Path(root, "Podmiot1", "DaneIdentyfikacyjne");
        var buyer = Path(root, "Podmiot2", "DaneIdentyfikacyjne");
        // FA_RR: the supplier (a farmer) is Podmiot1, the buyer who issues the invoice Podmiot2; its date and number are P_4B and P_4C.
        var rr = Path(root, "FakturaRR");
        var fa = rr ?? Path(root, "Fa");
        var header = Path(root, "Naglowek", "KodFormularza");
        var sellerNip = Text(seller, "NIP");
        var issue = Text(fa, rr is null ? "P_1" : "P_4B");
        var number = Text(fa, rr is null ? "P_2" : "P_4C");
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
            ThirdSubjects = root.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "Podmiot3").Select(ReadThirdSubject).ToList(),
            Authorized = ReadAuthorized(Path(root, "PodmiotUpowazniony")),
            IssueDate = issueDate,
            InvoiceNumber = number,
            InvoiceType = Text(fa, "RodzajFaktury") ?? "VAT",
            Currency = Text(fa, "KodWaluty") ?? "PLN",
            Net = rr is null ? Sum("P_13_") : Amount(rr, "P_11_1"),
            Vat = rr is null ? Sum("P_14_", except: "W") : Amount(rr, "P_11_2"),
            Gross = Amount(fa, rr is null ? "P_15" : "P_12_1"),
            HasAttachment = Path(root, "Zalacznik") is not null,
            FormSystemCode = header?.GetAttribute("kodSystemowy"),
            FormSchemaVersion = header?.GetAttribute("wersjaSchemy"),
        };
    }

    public sealed record ThirdSubject(string IdentifierType, string? Identifier, string? Name, int Role);

    public sealed record AuthorizedSubject(string Nip, string? Name, int Role);

    /// <summary>A Podmiot3 as the metadata names it: its identifier's kind (Nip, InternalId, VatUe, Other, None) and its role (RolaInna is 0).</summary>
    private static ThirdSubject ReadThirdSubject(XmlElement subject)
    {
        var data = Path(subject, "DaneIdentyfikacyjne");
        var (type, id) = Text(data, "NIP") is { } nip ? ("Nip", nip)
            : Text(data, "IDWew") is { } internalId ? ("InternalId", internalId)
            : Text(data, "NrVatUE") is { } vatUe ? ("VatUe", (Text(data, "KodUE") ?? "") + vatUe)
            : Text(data, "NrID") is { } other ? ("Other", other)
            : ("None", (string?)null);
        var role = int.TryParse(Text(subject, "Rola"), NumberStyles.None, CultureInfo.InvariantCulture, out var listed) ? listed : 0;
        return new ThirdSubject(type, id, Text(data, "Nazwa"), role);
    }

    private static AuthorizedSubject? ReadAuthorized(XmlElement? subject)
    {
        var data = Path(subject, "DaneIdentyfikacyjne");
        return Text(data, "NIP") is { } nip && int.TryParse(Text(subject, "RolaPU"), NumberStyles.None, CultureInfo.InvariantCulture, out var role)
            ? new AuthorizedSubject(nip, Text(data, "Nazwa"), role)
            : null;
    }

    private const string UblNamespacePrefix = "urn:oasis:names:specification:ubl:schema:xsd:";

    /// <summary>
    /// A PEF invoice (UBL Invoice) or correction (UBL CreditNote), sent by a Peppol provider: the seller and buyer are read
    /// from their VAT registrations (PartyTaxScheme/CompanyID, else the legal entity's CompanyID, the EndpointID or a
    /// PartyIdentification; PL and the NIP for a Polish one), the amounts from the document's totals. Null when there is
    /// no Polish seller NIP, number or issue date.
    /// </summary>
    private static InvoiceContent? ReadPef(XmlElement root)
    {
        var seller = Path(root, "AccountingSupplierParty", "Party");
        var buyer = Path(root, "AccountingCustomerParty", "Party");
        var totals = Path(root, "LegalMonetaryTotal");
        var sellerNip = Registrations(seller).Select(PolishNip).FirstOrDefault(nip => nip is not null);
        var number = Text(root, "ID");
        if (sellerNip is null || number is null
            || !DateOnly.TryParseExact(Text(root, "IssueDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var issueDate))
        {
            return null;
        }
        var buyerRegistration = Registrations(buyer).FirstOrDefault(r => PolishNip(r) is not null) ?? Registrations(buyer).FirstOrDefault();
        var (buyerType, buyerId) = buyerRegistration is null ? ("None", (string?)null)
            : PolishNip(buyerRegistration) is { } buyerNip ? ("Nip", buyerNip)
            : buyerRegistration.Length > 2 && char.IsAsciiLetterUpper(buyerRegistration[0]) && char.IsAsciiLetterUpper(buyerRegistration[1]) ? ("VatUe", buyerRegistration)
            : ("Other", buyerRegistration);
        return new InvoiceContent
        {
            SellerNip = sellerNip,
            SellerName = PartyName(seller),
            BuyerIdentifierType = buyerType,
            BuyerIdentifier = buyerId,
            BuyerName = PartyName(buyer),
            IssueDate = issueDate,
            InvoiceNumber = number,
            InvoiceType = root.LocalName == "CreditNote" ? "KorPef" : "VatPef",
            Currency = Text(root, "DocumentCurrencyCode") ?? "PLN",
            Net = Amount(totals, "TaxExclusiveAmount"),
            Vat = Amount(Path(root, "TaxTotal"), "TaxAmount"),
            Gross = Amount(totals, "TaxInclusiveAmount"),
            HasAttachment = root.ChildNodes.OfType<XmlElement>().Any(e => e.LocalName == "AdditionalDocumentReference" && Path(e, "Attachment") is not null),
            IsPef = true,
        };
    }

    /// <summary>Where a UBL party may carry its tax identifier, most telling first.</summary>
    private static IEnumerable<string> Registrations(XmlElement? party) =>
        new[] { Text(Path(party, "PartyTaxScheme"), "CompanyID"), Text(Path(party, "PartyLegalEntity"), "CompanyID"), Text(party, "EndpointID"),
            Text(Path(party, "PartyIdentification"), "ID") }.OfType<string>();

    private static string? PartyName(XmlElement? party) => Text(Path(party, "PartyLegalEntity"), "RegistrationName") ?? Text(Path(party, "PartyName"), "Name");

    /// <summary>The NIP of a Polish VAT registration written PL and ten digits (or the ten digits alone).</summary>
    private static string? PolishNip(string registration)
    {
        var digits = registration.StartsWith("PL", StringComparison.Ordinal) ? registration[2..] : registration;
        return digits.Length == 10 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    private static decimal Amount(XmlElement? parent, string name) =>
        decimal.TryParse(Text(parent, name), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : 0m;

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
