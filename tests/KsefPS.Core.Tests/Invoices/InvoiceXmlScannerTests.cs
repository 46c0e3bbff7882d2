using System.Text;
using System.Xml;
using KsefPS.Core.Errors;
using KsefPS.Core.Invoices;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Core.Tests.Invoices;

/// <summary>
/// The hand-written facts pass against .NET's XmlReader as the judge of well-formedness: for each variant of the
/// official sample, the invoice is refused exactly when XmlReader (namespaces on, DTD prohibited) refuses the XML.
/// </summary>
public sealed class InvoiceXmlScannerTests
{
    private static readonly string Sample = File.ReadAllText(Repository.Spec("samples", "invoice-template-fa-3.xml"))
        .Replace("#nip#", "5265877635").Replace("#invoice_number#", "T-1");

    private const string Number = "<P_2>FA/GRQMB-T-1/05/2025</P_2>";
    private const string Root = "xmlns=\"http://crd.gov.pl/wzor/2025/06/25/13775/\">";
    private const string Header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    public static TheoryData<string, string, string> WellFormed => new()
    {
        { "no XML declaration", Header, "" },
        { "lower-case utf-8 and standalone", Header, "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>" },
        { "comments before, inside and after", "<Naglowek>", "<!-- a - b --><Naglowek><!---->" },
        { "a comment after the root", "</Faktura>", "</Faktura>\n<!-- end -->\n" },
        { "CDATA", Number, "<P_2><![CDATA[FA/GRQMB-T-1/05/2025]]></P_2>" },
        { "references", Number, "<P_2>FA&#47;GRQMB-T-1&#x2F;05/2025</P_2>" },
        { "named entities", "<Nazwa>Elektrownia S.A.</Nazwa>", "<Nazwa>A &amp; B &lt;C&gt; &quot;D&quot; &apos;E&apos;</Nazwa>" },
        { "spaces inside tags", "<P_1>2025-09-01</P_1>", "<P_1 >2025-09-01</P_1\t>" },
        { "single quotes and spaced equals", "kodSystemowy=\"FA (3)\"", "kodSystemowy = 'FA (3)'" },
        { "a declared prefix", "<SystemInfo>SamploFaktur</SystemInfo>", "<x:Info xmlns:x=\"urn:x\" x:a=\"1\" xml:lang=\"pl\">Ż</x:Info><SystemInfo>SamploFaktur</SystemInfo>" },
        { "an empty element", "<SystemInfo>SamploFaktur</SystemInfo>", "<SystemInfo/>" },
        { "CRLF line ends", "\n", "\r\n" },
        { "a lone ']' and '>' in text", "<Nazwa>Elektrownia S.A.</Nazwa>", "<Nazwa>a]b]] > c</Nazwa>" },
        { "Polish names", "<SystemInfo>SamploFaktur</SystemInfo>", "<Żółw>ąę</Żółw>" },
        { "ASCII and beyond mixed in names", "<SystemInfo>SamploFaktur</SystemInfo>", "<Dział-1.żółty_x a\u0301b=\"1\">ą</Dział-1.żółty_x>" },
        { "characters of U+F000–U+FFFD (lead byte 0xEF)", "Warszawa", "War\uF000\uFFFD\uFEFFszawa\uFFFD" },
        { "tabs in text", "Warszawa", "\tWar\tszawa\t" },
        { "a fact around a comment, with white space about it", Number, "<P_2>\n\t FA/GRQMB-T-1<!-- x -->/05/2025 \r\n</P_2>" },
        { "a prefix bound to a URI written as a reference", "<SystemInfo>", "<a:b xmlns:a=\"&#32;\"/><SystemInfo>" },
        { "the xml prefix declared to its own namespace, xml:space", "<SystemInfo>",
            "<Info xmlns:xml=\"http://www.w3.org/XML/1998/namespace\" xml:space=\"preserve\"><I xml:space='default'/></Info><SystemInfo>" },
        { "the default namespace undeclared", "<SystemInfo>", "<Info xmlns=\"\"/><SystemInfo>" },
        { "the form's system code with a tab, read as a space", "kodSystemowy=\"FA (3)\"", "kodSystemowy=\"FA\t(3)\"" },
        { "the form's system code with CR LF, read as one space", "kodSystemowy=\"FA (3)\"", "kodSystemowy=\"FA\r\n(3)\"" },
        { "the neighbours of the discouraged characters", "Warszawa", "~\u0085\u00A0§°\uFDCF\uFDF0\uFFFD\U0001FFFD\U0010FFFD\U0001F600" },
        { "NEL and a plane's last character but two, as references", "Warszawa", "&#x85;&#x1FFFD;" },
    };

    /// <summary>Characters XML allows but discourages (its section 2.2), which KSeF refuses since API 2.4.0.</summary>
    public static TheoryData<string, string> Discouraged => new()
    {
        { "\u007F", "U+007F" },
        { "\u0080", "U+0080" },
        { "\u0084", "U+0084" },
        { "\u0086", "U+0086" },
        { "\u009F", "U+009F" },
        { "\uFDD0", "U+FDD0" },
        { "\uFDEF", "U+FDEF" },
        { "\U0001FFFE", "U+1FFFE" },
        { "\U0001FFFF", "U+1FFFF" },
        { "\U0008FFFE", "U+8FFFE" },
        { "\U0010FFFF", "U+10FFFF" },
        { "&#127;", "U+007F" },
        { "&#x9F;", "U+009F" },
        { "&#xFDD0;", "U+FDD0" },
        { "&#x10FFFE;", "U+10FFFE" },
    };

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "mismatched tags", "</P_1M>", "</P_1>" },
        { "an end tag longer than its start tag", "</P_1M>", "</P_1MX>" },
        { "an end tag that only begins as its start tag", "</P_1M>", "</P_1M-x>" },
        { "the root's end tag cut off before its '>'", "</Faktura>", "</Faktura" },
        { "an unclosed root", "</Faktura>", "" },
        { "a second root", "</Faktura>", "</Faktura><Faktura/>" },
        { "text after the root", "</Faktura>", "</Faktura>x" },
        { "an undeclared entity", "Warszawa</P_1M>", "&nbsp;</P_1M>" },
        { "a reference to NUL", "Warszawa</P_1M>", "&#0;</P_1M>" },
        { "a reference to a surrogate", "Warszawa</P_1M>", "&#xD800;</P_1M>" },
        { "a bare ampersand", "Warszawa</P_1M>", "A & B</P_1M>" },
        { "an unquoted attribute", "wersjaSchemy=\"1-0E\"", "wersjaSchemy=1-0E" },
        { "an attribute given twice", "wersjaSchemy=\"1-0E\"", "wersjaSchemy=\"1-0E\" wersjaSchemy=\"1-0E\"" },
        { "'<' in an attribute", "wersjaSchemy=\"1-0E\"", "wersjaSchemy=\"1<0E\"" },
        { "attributes with no space between", "kodSystemowy=\"FA (3)\" wersjaSchemy", "kodSystemowy=\"FA (3)\"wersjaSchemy" },
        { "']]>' in text", "Warszawa</P_1M>", "a]]>b</P_1M>" },
        { "'--' in a comment", "<Naglowek>", "<!-- a -- b --><Naglowek>" },
        { "an undeclared prefix", "<SystemInfo>", "<x:Info/><SystemInfo>" },
        { "two colons", "<SystemInfo>", "<a:b:c xmlns:a=\"urn:a\"/><SystemInfo>" },
        { "an attribute of an undeclared prefix", "<SystemInfo>", "<Info y:a=\"1\"/><SystemInfo>" },
        { "an attribute's name with two colons", "<SystemInfo>", "<Info xmlns:a=\"urn:a\" a:b:c=\"1\"/><SystemInfo>" },
        { "an end tag with two colons", "<SystemInfo>", "<a:b xmlns:a=\"urn:a\"></a:b:c><SystemInfo>" },
        { "an empty prefixed namespace", "<SystemInfo>", "<a:b xmlns:a=\"\"/><SystemInfo>" },
        { "the xml prefix bound elsewhere", "<SystemInfo>", "<Info xmlns:xml=\"urn:x\"/><SystemInfo>" },
        { "a prefix bound to the XML namespace", "<SystemInfo>", "<Info xmlns:a=\"http://www.w3.org/XML/1998/namespace\"/><SystemInfo>" },
        { "the default namespace bound to the XML namespace", "<SystemInfo>", "<Info xmlns=\"http://www.w3.org/XML/1998/namespace\"/><SystemInfo>" },
        { "the default namespace bound to the xmlns namespace", "<SystemInfo>", "<Info xmlns=\"http://www.w3.org/2000/xmlns/\"/><SystemInfo>" },
        { "a prefix bound to the xmlns namespace through a reference", "<SystemInfo>", "<Info xmlns:a=\"http://www.w3.org/2000/xmlns&#47;\"/><SystemInfo>" },
        { "an xml:space that is neither default nor preserve", "<SystemInfo>", "<Info xml:space=\"keep\"/><SystemInfo>" },
        { "a DTD", Header, Header + "<!DOCTYPE Faktura>" },
        { "a control character", "Warszawa", "War\u0001szawa" },
        { "U+FFFF", "Warszawa", "War\uFFFFszawa" },
        { "U+FFFE after U+FFFD", "Warszawa", "War\uFFFD\uFFFEszawa" },
        { "a control character at the very end", "</Faktura>", "</Faktura>\u001F" },
        { "a vertical tab after a long run of text", "Warszawa", "Warszawa" + new string('x', 100) + "\u000B" },
        { "CDATA outside the root", "</Faktura>", "</Faktura><![CDATA[x]]>" },
        { "a second XML declaration", "<Naglowek>", "<?xml version=\"1.0\"?><Naglowek>" },
        { "XML 2.0", "version=\"1.0\"", "version=\"2.0\"" },
        { "a name starting with a digit", "<SystemInfo>", "<1x/><SystemInfo>" },
        { "a colon first in a name", "<SystemInfo>", "<:a/><SystemInfo>" },
        { "a colon last in a name", "<SystemInfo>", "<a: xmlns:a=\"urn:a\"/><SystemInfo>" },
        { "a local name starting with a digit", "<SystemInfo>", "<a:1b xmlns:a=\"urn:a\"/><SystemInfo>" },
        { "a local name starting with '.'", "<SystemInfo>", "<a:.b xmlns:a=\"urn:a\"/><SystemInfo>" },
        { "a declared prefix starting with '-'", "<SystemInfo>", "<Info xmlns:-p=\"urn:p\"/><SystemInfo>" },
        { "a declared prefix starting with a combining mark", "<SystemInfo>", "<Info xmlns:\u0301p=\"urn:p\"/><SystemInfo>" },
        { "an attribute's local name starting with '·'", "<SystemInfo>", "<Info xmlns:a=\"urn:a\" a:·b=\"1\"/><SystemInfo>" },
        { "a symbol inside a name", "<SystemInfo>", "<a$b/><SystemInfo>" },
        { "a non-name character beyond ASCII inside a name", "<SystemInfo>", "<ż×b/><SystemInfo>" },
        { "a name character of XML's fifth edition only", "<SystemInfo>", "<a\u0132b/><SystemInfo>" },
        { "U+FFFD in an attribute's name", "<SystemInfo>", "<Info a\uFFFD=\"1\"/><SystemInfo>" },
        { "a name starting beyond the first plane", "<SystemInfo>", "<\U00010000a/><SystemInfo>" },
        { "a lone '<'", "Warszawa", "War < szawa" },
        { "an end tag with junk", "</P_1>", "</P_1 x>" },
        { "an unclosed comment", "</Faktura>", "</Faktura><!--" },
        { "an unclosed attribute", "wersjaSchemy=\"1-0E\"", "wersjaSchemy=\"1-0E" },
        { "an unclosed CDATA", "<P_1M>Warszawa", "<P_1M><![CDATA[Warszawa" },
        { "a character reference that is no number", "Warszawa", "&#x12G;" },
        { "declaration attributes out of order", Header, "<?xml encoding=\"UTF-8\" version=\"1.0\"?>" },
        { "an empty document", Sample, "" },
    };

    [Theory]
    [MemberData(nameof(WellFormed))]
    public void What_XmlReader_reads_is_read_with_the_same_facts(string why, string find, string replace)
    {
        var xml = Variant(find, replace);
        Assert.True(XmlReaderAccepts(xml), $"the judge refused the variant '{why}'");
        var invoice = InvoiceFile.Check("invoice.xml", Encoding.UTF8.GetBytes(xml), validateSchema: false);
        Assert.Equal("FA/GRQMB-T-1/05/2025", invoice.InvoiceNumber);
        Assert.Equal("5265877635", invoice.SellerNip);
        Assert.Equal(new DateOnly(2025, 9, 1), invoice.IssueDate);
        Assert.Equal("FA (3)", invoice.Form.SystemCode);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void What_XmlReader_refuses_is_refused_as_not_well_formed(string why, string find, string replace)
    {
        var xml = Variant(find, replace);
        Assert.False(XmlReaderAccepts(xml), $"the judge read the variant '{why}'");
        var e = Assert.Throws<KsefException>(() => InvoiceFile.Check("invoice.xml", Encoding.UTF8.GetBytes(xml), validateSchema: false));
        Assert.Equal(ErrorIds.InvoiceInvalid, e.ErrorId);
        Assert.Contains("not well-formed XML", e.Message);
        Assert.Matches(@"\(line \d+, position \d+\)", e.Message);
    }

    [Theory]
    [MemberData(nameof(Discouraged))]
    public void A_character_XML_discourages_is_refused_where_it_stands(string written, string named)
    {
        var xml = Variant("Warszawa</P_1M>", $"War{written}szawa</P_1M>");
        Assert.True(XmlReaderAccepts(xml), "the judge refused a character XML only discourages");
        var line = xml[..xml.IndexOf($"War{written}", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        var e = Assert.Throws<KsefException>(() => InvoiceFile.Check("i.xml", Encoding.UTF8.GetBytes(xml), validateSchema: false));
        Assert.Equal(ErrorIds.InvoiceInvalid, e.ErrorId);
        Assert.Contains($"the character {named} (line {line}, ", e.Message);
        Assert.Contains("XML discourages", e.Message);

        var inAttribute = Variant("kodSystemowy=\"FA (3)\"", $"kodSystemowy=\"FA (3)\" x=\"{written}\"");
        Assert.Contains(named, Assert.Throws<KsefException>(() => InvoiceFile.Check("i.xml", Encoding.UTF8.GetBytes(inAttribute), false)).Message);
    }

    [Fact]
    public void A_processing_instruction_and_another_encoding_keep_their_own_reasons()
    {
        var pi = Assert.Throws<KsefException>(() => InvoiceFile.Check("i.xml", Encoding.UTF8.GetBytes(Variant("<Naglowek>", "<?erp x?><Naglowek>")), false));
        Assert.Contains("processing instruction ('erp')", pi.Message);
        var encoding = Assert.Throws<KsefException>(() => InvoiceFile.Check("i.xml", Encoding.UTF8.GetBytes(Variant("UTF-8", "windows-1250")), false));
        Assert.Contains("declares the encoding 'windows-1250'", encoding.Message);
    }

    [Fact]
    public void Hostile_numbers_of_attributes_or_prefixes_are_refused_before_they_cost_quadratic_time()
    {
        var attributes = string.Concat(Enumerable.Range(0, 100_000).Select(i => $" a{i}=\"\""));
        var manyAttributes = Assert.Throws<KsefException>(() => InvoiceFile.Check("i.xml", Encoding.UTF8.GetBytes(Variant("<Naglowek>", $"<Naglowek{attributes}>")), false));
        Assert.Contains("more than 256 attributes", manyAttributes.Message);
        var prefixes = string.Concat(Enumerable.Range(0, 100_000).Select(i => $" xmlns:p{i}=\"urn:{i}\""));
        var manyPrefixes = Assert.Throws<KsefException>(() => InvoiceFile.Check("i.xml", Encoding.UTF8.GetBytes(Variant("<Naglowek>", $"<Naglowek{prefixes}>")), false));
        Assert.Contains("more than 256 namespace prefixes", manyPrefixes.Message);
        var nested = Variant("<SystemInfo>SamploFaktur</SystemInfo>", string.Concat(Enumerable.Repeat("<a>", 100_000)) + string.Concat(Enumerable.Repeat("</a>", 100_000)));
        Assert.Equal("FA/GRQMB-T-1/05/2025", InvoiceFile.Check("i.xml", Encoding.UTF8.GetBytes(nested), false).InvoiceNumber);
    }

    [Fact]
    public void The_error_names_the_line_of_the_fault()
    {
        var xml = Variant("<P_1M>Warszawa</P_1M>", "<P_1M>Warszawa</P_1X>");
        var line = xml[..xml.IndexOf("</P_1X>", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        var e = Assert.Throws<KsefException>(() => InvoiceFile.Check("i.xml", Encoding.UTF8.GetBytes(xml), false));
        Assert.Contains($"(line {line}, ", e.Message);
        Assert.Contains("'P_1X' does not match the start tag 'P_1M'", e.Message);
    }

    [Fact]
    public void Line_ends_in_a_fact_are_read_as_XmlReader_reads_them()
    {
        var xml = Variant(Number, "<P_2>A\r\nB\rC&#13;D<![CDATA[E\r\nF\r]]>\nG&#10;</P_2>");
        using var reader = XmlReader.Create(new StringReader(xml));
        reader.ReadToFollowing("P_2", "http://crd.gov.pl/wzor/2025/06/25/13775/");
        var judged = reader.ReadElementContentAsString();
        Assert.Equal("A\nB\nC\rDE\nF\n\nG\n", judged);
        Assert.Equal(judged.Trim(), InvoiceXmlScanner.Scan(Encoding.UTF8.GetBytes(xml)).Number);
    }

    [Fact]
    public void Of_a_fact_written_twice_the_first_counts()
    {
        var xml = Variant("<P_1>2025-09-01</P_1>", "<P_1>2025-09-01</P_1><P_1>2025-09-02</P_1>")
            .Replace(Number, Number + "<P_2>OTHER/2</P_2>")
            .Replace("<NIP>5265877635</NIP>", "<NIP>5265877635</NIP><NIP>7352765225</NIP>")
            .Replace("<KodFormularza kodSystemowy=\"FA (3)\" wersjaSchemy=\"1-0E\">FA</KodFormularza>",
                "<KodFormularza kodSystemowy=\"FA (3)\" wersjaSchemy=\"1-0E\">FA</KodFormularza><KodFormularza kodSystemowy=\"FA (2)\" wersjaSchemy=\"1-0E\">FX</KodFormularza>");
        Assert.Equal(4, new[] { "2025-09-02", "OTHER/2", "7352765225", "FA (2)" }.Count(second => xml.Contains(second, StringComparison.Ordinal)));
        var facts = InvoiceXmlScanner.Scan(Encoding.UTF8.GetBytes(xml));
        Assert.Equal(("2025-09-01", "FA/GRQMB-T-1/05/2025", "5265877635"), (facts.IssueDate, facts.Number, facts.SellerNip));
        Assert.Equal(("FA (3)", "1-0E", "FA"), (facts.SystemCode, facts.SchemaVersion, facts.FormValue));
    }

    [Fact]
    public void Entities_in_the_invoice_number_are_read_as_KSeF_reads_them()
    {
        var xml = Variant(Number, "<P_2>FV&amp;1 <![CDATA[<2>]]></P_2>");
        Assert.Equal("FV&1 <2>", InvoiceFile.Check("i.xml", Encoding.UTF8.GetBytes(xml), false).InvoiceNumber);
    }

    [Fact]
    public void An_invoice_refused_halfway_leaves_nothing_open_or_declared_for_the_next()
    {
        var unfinished = Variant("<SystemInfo>", "<q:Info xmlns:q=\"urn:q\"><q:Deeper><SystemInfo>").Replace("</Faktura>", "");
        Assert.Throws<KsefException>(() => InvoiceFile.Check("a.xml", Encoding.UTF8.GetBytes(unfinished), false));

        var undeclared = Assert.Throws<KsefException>(() => InvoiceFile.Check("b.xml", Encoding.UTF8.GetBytes(Variant("<SystemInfo>", "<q:Info/><SystemInfo>")), false));
        Assert.Contains("the prefix 'q' is not declared", undeclared.Message);
        Assert.Equal("FA/GRQMB-T-1/05/2025", InvoiceFile.Check("c.xml", Encoding.UTF8.GetBytes(Sample), false).InvoiceNumber);
    }

    /// <summary>
    /// Random edits of the sample after its XML declaration (a fixed seed, so that a failure repeats): runs deleted,
    /// copied elsewhere, or replaced by or added beside pieces of markup. Each result is refused as not well-formed exactly
    /// when XmlReader refuses it; what KSeF refuses besides (processing instructions, discouraged characters) is left to
    /// the tests above.
    /// </summary>
    [Fact]
    public void Edited_samples_are_refused_exactly_when_XmlReader_refuses_them()
    {
        var random = new Random(20261207);
        var disagreements = new List<string>();
        for (var round = 0; round < 40_000 && disagreements.Count < 5; round++)
        {
            var xml = Edited(random);
            bool read;
            try
            {
                InvoiceXmlScanner.Scan(Encoding.UTF8.GetBytes(xml));
                read = true;
            }
            catch (InvoiceXmlProblem problem) when (problem.Problem == InvoiceXmlProblem.Kind.Malformed)
            {
                read = false;
            }
            catch (InvoiceXmlProblem)
            {
                continue;
            }
            if (read != XmlReaderAccepts(xml))
            {
                var from = Enumerable.Range(0, xml.Length).FirstOrDefault(i => i >= Sample.Length || xml[i] != Sample[i]);
                disagreements.Add($"{(read ? "read" : "refused")} where XmlReader did not: …{xml.Substring(Math.Max(0, from - 20), Math.Min(80, xml.Length - Math.Max(0, from - 20)))}…");
            }
        }
        Assert.Empty(disagreements);
    }

    private static readonly string[] Pieces =
    [
        "<", ">", "&", "'", "\"", "=", "/", "!", "-", ".", "?", "[", "]", ":", ";", "#", " ", "\t", "\n", "\r", "a", "1", "ą", "·", "\u0301",
        "\u00A0", "\uFFFD", "\U0001F600", "\u0132", "</", "/>", "<a>", "</a>", "<a:b xmlns:a='u'>", "</a:b>", "]]>", "<!--", "-->",
        "<![CDATA[", "&amp;", "&#65;", "&#x41;", "&#0;", "&#xD800;", "&lt", "&#x;", "xmlns", "xml:", "p:", " a=\"1\"", " xmlns:p=\"u\"",
        " xmlns:p=\"\"", " xmlns=\"\"", " xmlns:xmlns=\"u\"", " xmlns:xml=\"u\"", " xmlns:a=\"http://www.w3.org/XML/1998/namespace\"",
        " xmlns=\"http://www.w3.org/2000/xmlns/\"", " xml:space=\"x\"", " xml:lang=\"pl\"", "<!DOCTYPE a>",
    ];

    /// <summary>The sample with one to three random edits after its XML declaration.</summary>
    private static string Edited(Random random)
    {
        var xml = Sample;
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(Header.Length, xml.Length);
            var piece = Pieces[random.Next(Pieces.Length)];
            xml = random.Next(4) switch
            {
                0 => xml.Remove(at, Math.Min(random.Next(1, 6), xml.Length - at)),
                1 => xml.Insert(at, piece),
                2 => xml.Remove(at, 1).Insert(at, piece),
                _ => xml.Insert(random.Next(Header.Length, xml.Length), xml.Substring(at, Math.Min(random.Next(1, 20), xml.Length - at))),
            };
        }
        return xml;
    }

    private static string Variant(string find, string replace)
    {
        Assert.Contains(find, Sample);
        return find == Sample ? replace : Sample.Replace(find, replace);
    }

    private static bool XmlReaderAccepts(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(xml)), settings);
            while (reader.Read())
            {
            }
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }
}
