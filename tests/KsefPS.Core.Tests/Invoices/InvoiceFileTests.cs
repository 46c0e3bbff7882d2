using System.Text;
using KsefPS.Core.Errors;
using KsefPS.Core.Invoices;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Core.Tests.Invoices;

/// <summary>What Send-KsefInvoice refuses before anything leaves the machine (BRIEF §7.1), against the official schemas.</summary>
public sealed class InvoiceFileTests
{
    private static string Sample(string name, string nip = "5265877635") =>
        File.ReadAllText(Repository.Spec("samples", name)).Replace("#nip#", nip).Replace("#invoice_number#", "T-1");

    private static InvoiceFile Check(string xml) => InvoiceFile.Check("invoice.xml", new UTF8Encoding(false).GetBytes(xml));

    private static string Refusal(string xml) => Assert.Throws<KsefException>(() => Check(xml)) is { ErrorId: ErrorIds.InvoiceInvalid } e
        ? e.Message
        : throw new Xunit.Sdk.XunitException("expected InvoiceInvalid");

    [Theory]
    [InlineData("invoice-template-fa-3.xml", "FA (3)")]
    [InlineData("invoice-template-fa-2.xml", "FA (2)")]
    [InlineData("invoice-template-fa-3-with-attachment.xml", "FA (3)")]
    public void The_official_samples_pass_with_their_declared_form_and_facts(string sample, string form)
    {
        var invoice = Check(Sample(sample));
        Assert.Equal(form, invoice.Form.SystemCode);
        Assert.Equal("5265877635", invoice.SellerNip);
        Assert.Equal("FA/GRQMB-T-1/05/2025", invoice.InvoiceNumber);
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(invoice.Content)), invoice.Hash);
    }

    [Fact]
    public void A_seller_NIP_with_a_wrong_control_digit_is_refused_only_where_KSeF_checks_it()
    {
        var xml = new UTF8Encoding(false).GetBytes(Sample("invoice-template-fa-3.xml", nip: "5265877636"));
        Assert.Contains("wrong check digit", Assert.Throws<KsefException>(() => InvoiceFile.Check("invoice.xml", xml)).Message, StringComparison.Ordinal);
        Assert.Equal("5265877636", InvoiceFile.Check("invoice.xml", xml, nipControlDigit: false).SellerNip);
        var shapeless = new UTF8Encoding(false).GetBytes(Sample("invoice-template-fa-3.xml", nip: "1005877636"));
        Assert.Equal(ErrorIds.InvoiceInvalid, Assert.Throws<KsefException>(() => InvoiceFile.Check("invoice.xml", shapeless, validateSchema: false, nipControlDigit: false)).ErrorId);
    }

    private static readonly string ValidInternalId = KsefPS.Core.Identifiers.ContextIdentifier.InternalIdOf("7352765225", 12);

    /// <summary>Where the other parties' identifiers sit: each valid, and with its NIP's check digit changed.</summary>
    public static TheoryData<string, string, string, string, string> OtherParties => new()
    {
        { "Podmiot2", "NIP", "1111111111", "1111111112", "<NIP>1111111111</NIP>" },
        { "Podmiot3", "NIP", "7352765225", "7352765226", "<Podmiot3><DaneIdentyfikacyjne><NIP>{0}</NIP><Nazwa>Odbiorca</Nazwa></DaneIdentyfikacyjne><Rola>2</Rola></Podmiot3>" },
        { "Podmiot3", "NIP in the internal identifier (IDWew)", ValidInternalId, "7352765226" + ValidInternalId[10..],
            "<Podmiot3><DaneIdentyfikacyjne><IDWew>{0}</IDWew><Nazwa>Oddział</Nazwa></DaneIdentyfikacyjne><Rola>2</Rola></Podmiot3>" },
        { "PodmiotUpowazniony", "NIP", "7352765225", "7352765226",
            "<PodmiotUpowazniony><DaneIdentyfikacyjne><NIP>{0}</NIP><Nazwa>Komornik</Nazwa></DaneIdentyfikacyjne><Adres><KodKraju>PL</KodKraju><AdresL1>ul. Sądowa 1</AdresL1></Adres><RolaPU>2</RolaPU></PodmiotUpowazniony>" },
    };

    [Theory]
    [MemberData(nameof(OtherParties))]
    public void Other_parties_NIPs_with_a_wrong_check_digit_are_refused_only_where_KSeF_checks_them(string element, string kind, string valid, string wrong,
        string written)
    {
        string Invoice(string identifier) => written.StartsWith("<NIP>", StringComparison.Ordinal)
            ? Sample("invoice-template-fa-3.xml").Replace(written, $"<NIP>{identifier}</NIP>")
            : Sample("invoice-template-fa-3.xml").Replace("</Podmiot2>", "</Podmiot2>" + string.Format(written, identifier));
        Assert.Equal("5265877635", Check(Invoice(valid)).SellerNip); // the schema takes each placement
        var refusal = Refusal(Invoice(wrong));
        Assert.Contains($"the {kind} '{wrong}' of {element} has a wrong check digit", refusal, StringComparison.Ordinal);
        var bytes = new UTF8Encoding(false).GetBytes(Invoice(wrong));
        Assert.Equal("5265877635", InvoiceFile.Check("invoice.xml", bytes, nipControlDigit: false).SellerNip);
    }

    private static string PefSample(string seller = "5265877635", string number = "PEF/1") =>
        File.ReadAllText(Repository.TestSample("invoice-template-pef-3.xml")).Replace("#supplier_nip#", seller).Replace("#buyer_nip#", "7762811692")
            .Replace("#invoice_number#", number).Replace("#issue_date#", "2025-09-01");

    [Fact]
    public void A_PEF_invoice_is_read_as_UBL_and_checked_against_the_PEF_schema()
    {
        var invoice = Check(PefSample());
        Assert.Equal(new FormCode("PEF (3)", "2-1", "PEF"), invoice.Form);
        Assert.Equal("5265877635", invoice.SellerNip);
        Assert.Equal("PEF/1", invoice.InvoiceNumber);
        Assert.Equal(new DateOnly(2025, 9, 1), invoice.IssueDate);
        Assert.False(invoice.Form.TakenInBatch);
        Assert.Contains("the PEF (3) schema", Refusal(PefSample().Replace("<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>", "<cbc:InvoiceTypeCodes>380</cbc:InvoiceTypeCodes>")),
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_PEF_invoices_embedded_document_is_an_attachment_that_lets_it_be_up_to_3_MB()
    {
        string WithDocument(string reference) => PefSample().Replace("<cac:AccountingSupplierParty>", reference + "<cac:AccountingSupplierParty>");
        var embedded = WithDocument("<cac:AdditionalDocumentReference><cbc:ID>ZAL-1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode=\"application/pdf\" filename=\"scan.pdf\">"
            + new string('A', 1_200_000) + "</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>");

        var invoice = Check(embedded);

        Assert.True(invoice.HasAttachment);
        Assert.False(Check(WithDocument("<cac:AdditionalDocumentReference><cbc:ID>ZAM-7</cbc:ID></cac:AdditionalDocumentReference>")).HasAttachment);
        Assert.False(Check(PefSample()).HasAttachment);
    }

    private static string RrSample(string number = "RR/1") =>
        File.ReadAllText(Repository.TestSample("invoice-template-fa-rr-1.xml")).Replace("#nip#", "5265877635").Replace("#buyer_nip#", "7762811692")
            .Replace("#invoice_number#", number).Replace("#issue_date#", "2026-03-02");

    [Fact]
    public void An_FA_RR_invoice_takes_its_date_and_number_from_FakturaRR_its_seller_from_the_supplier_and_is_checked_against_its_schema()
    {
        var invoice = Check(RrSample());

        Assert.Equal(new FormCode("FA_RR (1)", "1-1E", "FA_RR"), invoice.Form);
        Assert.Equal(("5265877635", new DateOnly(2026, 3, 2), "RR/1"), (invoice.SellerNip, invoice.IssueDate, invoice.InvoiceNumber));
        Assert.True(invoice.Form.TakenInBatch);
        Assert.Contains("lacks the number (FakturaRR/P_4C)", Refusal(RrSample().Replace("<P_4C>RR/1</P_4C>", "")), StringComparison.Ordinal);
        Assert.Contains("the FA_RR (1) schema", Refusal(RrSample().Replace("<P_12_2>", "<P_12_3>").Replace("</P_12_2>", "</P_12_3>")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_UBL_CreditNote_is_a_PEF_correction_and_a_PEF_invoice_without_a_Polish_seller_is_refused_before_its_schema()
    {
        var creditNote = PefSample().Replace("<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"", "<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\"")
            .Replace("</Invoice>", "</CreditNote>");
        Assert.Equal("PEF_KOR (3)", InvoiceFile.Check("correction.xml", Encoding.UTF8.GetBytes(creditNote), validateSchema: false).Form.SystemCode);
        var foreignOnly = PefSample().Replace("<cbc:CompanyID>PL5265877635</cbc:CompanyID>", "<cbc:CompanyID>DE123456789</cbc:CompanyID>")
            .Replace("<cbc:EndpointID schemeID=\"9945\">PL5265877635</cbc:EndpointID>", "<cbc:EndpointID schemeID=\"0088\">7300010000001</cbc:EndpointID>");
        Assert.Contains("lacks the seller's Polish VAT number", Refusal(foreignOnly), StringComparison.Ordinal);
        Assert.Contains("PartyLegalEntity/CompanyID", Refusal(foreignOnly), StringComparison.Ordinal);
        Assert.Contains("wrong check digit", Refusal(PefSample(seller: "5265877636")), StringComparison.Ordinal);
    }

    /// <summary>
    /// The official client's PEF samples keep a foreign VAT number in PartyTaxScheme and the seller's PL NIP in
    /// PartyLegalEntity/CompanyID, with another valid NIP as the Peppol endpoint: the seller is the legal entity's.
    /// </summary>
    [Fact]
    public void A_PEF_seller_is_the_best_ranked_Polish_registration_of_the_supplier_wherever_it_stands()
    {
        var officialShape = PefSample()
            .Replace("<cbc:EndpointID schemeID=\"9945\">PL5265877635</cbc:EndpointID>", "<cbc:EndpointID schemeID=\"9945\">7770020410</cbc:EndpointID>")
            .Replace("<cbc:CompanyID>PL5265877635</cbc:CompanyID>", "<cbc:CompanyID>GB1232434</cbc:CompanyID>")
            .Replace("<cbc:RegistrationName>Sprzedawca Sp. z o.o.</cbc:RegistrationName>",
                "<cbc:RegistrationName>Sprzedawca Sp. z o.o.</cbc:RegistrationName><cbc:CompanyID>PL1111111111</cbc:CompanyID>");
        Assert.Equal("1111111111", Check(officialShape).SellerNip);
        Assert.Equal("7770020410", Check(officialShape.Replace("<cbc:CompanyID>PL1111111111</cbc:CompanyID>", "")).SellerNip);
        // The VAT registration outranks the endpoint written before it, and the buyer's registrations never count.
        var endpointFirst = PefSample().Replace("<cbc:EndpointID schemeID=\"9945\">PL5265877635</cbc:EndpointID>", "<cbc:EndpointID schemeID=\"9945\">PL7770020410</cbc:EndpointID>");
        Assert.Equal("5265877635", Check(endpointFirst).SellerNip);
        Assert.Equal("7762811692", Check(PefSample(seller: "7762811692")).SellerNip);
    }

    [Fact]
    public void Facts_read_one_invoice_after_another_are_each_of_their_own_bytes_after_a_larger_or_a_refused_one()
    {
        using var dir = new TempDirectory();
        var sample = Sample("invoice-template-fa-3.xml");
        var padded = (int size, string number) => sample.Replace("<Naglowek>", $"<!--{new string('x', size)}--><Naglowek>").Replace("T-1", number);
        // A file read into the buffer the thread keeps must be checked and hashed on its own bytes only, whatever the
        // file before it left there: larger than it, refused, or too large to be kept.
        var invoices = new (string Number, string Xml, bool Valid)[]
        {
            ("larger", padded(20_000, "larger"), true),
            ("smaller", padded(0, "smaller"), true),
            ("refused", padded(30_000, "refused").Replace("</Faktura>", ""), false),
            ("after-refused", padded(10, "after-refused"), true),
            ("too-large-to-keep", padded(200_000, "too-large-to-keep"), true),
            ("after-too-large", padded(5, "after-too-large"), true),
        };
        foreach (var (number, xml, valid) in invoices)
        {
            var path = dir.File(number + ".xml");
            File.WriteAllText(path, xml, new UTF8Encoding(false));
            var sha256 = new byte[32];
            if (!valid)
            {
                Assert.Equal(ErrorIds.InvoiceInvalid, Assert.Throws<KsefException>(() => InvoiceFile.ReadFacts(path, validateSchema: true, nipControlDigit: true, sha256)).ErrorId);
                continue;
            }

            var facts = InvoiceFile.ReadFacts(path, validateSchema: true, nipControlDigit: true, sha256);

            var whole = InvoiceFile.Read(path);
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)), sha256);
            Assert.Equal(whole.Hash, Convert.ToBase64String(sha256));
            Assert.Equal($"FA/GRQMB-{number}/05/2025", facts.InvoiceNumber);
            Assert.Equal(whole.InvoiceNumber, facts.InvoiceNumber);
            Assert.Equal((whole.Form, whole.SellerNip, whole.IssueDate), (facts.Form, facts.SellerNip, facts.IssueDate));
        }
    }

    [Fact]
    public void A_schema_error_is_refused_with_its_line()
    {
        var message = Refusal(Sample("invoice-template-fa-3.xml").Replace("<P_15>53.63</P_15>", "<P_15>a lot</P_15>"));
        Assert.Contains("FA (3) schema", message);
        Assert.Contains("line ", message);
    }

    [Fact]
    public void The_schema_check_is_a_separate_step_that_can_be_left_out_while_every_other_check_stays()
    {
        var sample = Sample("invoice-template-fa-3.xml");
        var schemaError = new UTF8Encoding(false).GetBytes(sample.Replace("<P_15>53.63</P_15>", "<P_15>a lot</P_15>"));
        var unchecked_ = InvoiceFile.Check("invoice.xml", schemaError, validateSchema: false);
        Assert.Equal("FA/GRQMB-T-1/05/2025", unchecked_.InvoiceNumber);
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(schemaError)), unchecked_.Hash);

        foreach (var broken in new[] { sample.Replace("</Faktura>", ""), sample.Replace("<Naglowek>", "<?render fast?><Naglowek>"),
                     sample.Replace("kodSystemowy=\"FA (3)\"", "kodSystemowy=\"FA (9)\""), sample.Replace("<P_2>", "<P_2x>").Replace("</P_2>", "</P_2x>") })
        {
            var e = Assert.Throws<KsefException>(() => InvoiceFile.Check("invoice.xml", new UTF8Encoding(false).GetBytes(broken), validateSchema: false));
            Assert.Equal(ErrorIds.InvoiceInvalid, e.ErrorId);
        }
    }

    [Theory]
    [InlineData("2024-02-29", true)]
    [InlineData("2025-12-31", true)]
    [InlineData("2025-02-29", false)]
    [InlineData("2025-13-01", false)]
    [InlineData("2025-04-31", false)]
    [InlineData("2025-9-01", false)]
    [InlineData("2025/09/01", false)]
    [InlineData("0000-01-01", false)]
    [InlineData("2025-09-0x", false)]
    [InlineData("01-09-2025", false)]
    public void The_issue_date_is_read_as_yyyy_MM_dd_and_nothing_else_even_without_the_schema_check(string issued, bool read)
    {
        var bytes = new UTF8Encoding(false).GetBytes(Sample("invoice-template-fa-3.xml").Replace("<P_1>2025-09-01</P_1>", $"<P_1>{issued}</P_1>"));
        if (read)
        {
            Assert.Equal(DateOnly.ParseExact(issued, "yyyy-MM-dd"), InvoiceFile.Check("invoice.xml", bytes, validateSchema: false).IssueDate);
        }
        else
        {
            var e = Assert.Throws<KsefException>(() => InvoiceFile.Check("invoice.xml", bytes, validateSchema: false));
            Assert.Contains("issue date (P_1)", e.Message);
        }
    }

    [Fact]
    public void A_byte_order_mark_is_refused()
    {
        var bytes = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(Sample("invoice-template-fa-3.xml"))).ToArray();
        var e = Assert.Throws<KsefException>(() => InvoiceFile.Check("bom.xml", bytes));
        Assert.Contains("byte order mark", e.Message);
    }

    [Fact]
    public void Another_declared_encoding_a_processing_instruction_and_broken_XML_are_refused()
    {
        var sample = Sample("invoice-template-fa-3.xml");
        Assert.Contains("encoding", Refusal(sample.Replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-2\"")));
        Assert.Contains("processing instruction", Refusal(sample.Replace("<Naglowek>", "<?render fast?><Naglowek>")));
        Assert.Contains("not well-formed", Refusal(sample.Replace("</Faktura>", "")));
    }

    [Fact]
    public void An_invoice_without_its_number_or_issue_date_is_told_which_it_lacks()
    {
        var sample = Sample("invoice-template-fa-3.xml");
        Assert.EndsWith("it lacks the number (P_2). Nothing was sent or queued.", Refusal(sample.Replace("<P_2>", "<P_2x>").Replace("</P_2>", "</P_2x>")));
        Assert.Contains("it lacks the issue date (P_1) and the number (P_2).",
            Refusal(sample.Replace("<P_2>", "<P_2x>").Replace("</P_2>", "</P_2x>").Replace("<P_1>", "<P_1x>").Replace("</P_1>", "</P_1x>")));
        Assert.Contains("its issue date (P_1) '2025-13-01' is not a date", Refusal(sample.Replace("<P_1>2025-09-01</P_1>", "<P_1>2025-13-01</P_1>")));
    }

    [Fact]
    public void An_unknown_form_code_and_an_oversized_invoice_are_refused()
    {
        var sample = Sample("invoice-template-fa-3.xml");
        Assert.Contains("form code", Refusal(sample.Replace("kodSystemowy=\"FA (3)\"", "kodSystemowy=\"FA (9)\"")));
        var padded = sample.Replace("<SystemInfo>SamploFaktur</SystemInfo>", "<SystemInfo>SamploFaktur</SystemInfo><!--" + new string('x', InvoiceFile.MaxSize) + "-->");
        Assert.Contains("at most", Refusal(padded));
    }

    [Fact]
    public void Invalid_UTF8_is_refused()
    {
        var bytes = Encoding.UTF8.GetBytes(Sample("invoice-template-fa-3.xml"));
        bytes[bytes.Length / 2] = 0xC3;
        bytes[bytes.Length / 2 + 1] = 0x28;
        var e = Assert.Throws<KsefException>(() => InvoiceFile.Check("latin.xml", bytes));
        Assert.Equal(ErrorIds.InvoiceInvalid, e.ErrorId);
    }
}
