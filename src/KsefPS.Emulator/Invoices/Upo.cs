using System.Globalization;
using System.Text;
using System.Xml;

namespace KsefPS.Emulator.Invoices;

/// <summary>The official receipt (UPO v4-3, BRIEF §7.5): for a whole session, or for one invoice.</summary>
public static class Upo
{
    private const string Namespace = "http://upo.schematy.mf.gov.pl/KSeF/v4-3";

    public static byte[] ForSession(InvoiceSession session, IReadOnlyList<StoredInvoice> accepted) => Build(session, accepted, describe: true);

    public static byte[] ForInvoice(InvoiceSession session, StoredInvoice invoice) => Build(session, [invoice], describe: false);

    private static byte[] Build(InvoiceSession session, IReadOnlyList<StoredInvoice> invoices, bool describe)
    {
        var output = new MemoryStream();
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartElement("Potwierdzenie", Namespace);
            xml.WriteElementString("NazwaPodmiotuPrzyjmujacego", Namespace, "Ministerstwo Finansów");
            xml.WriteElementString("NumerReferencyjnySesji", Namespace, session.ReferenceNumber);
            xml.WriteStartElement("Uwierzytelnienie", Namespace);
            xml.WriteStartElement("IdKontekstu", Namespace);
            var contextElement = session.Context.Type switch
            {
                "InternalId" => "IdWewnetrzny",
                "NipVatUe" => "IdZlozonyVatUE",
                "PeppolId" => "IdDostawcyUslugPeppol",
                _ => "Nip",
            };
            xml.WriteElementString(contextElement, Namespace, session.Context.Value);
            xml.WriteEndElement();
            if (session.KsefTokenReference is { } token)
            {
                xml.WriteElementString("NumerReferencyjnyTokenaKSeF", Namespace, token);
            }
            else
            {
                xml.WriteElementString("SkrotDokumentuUwierzytelniajacego", Namespace, session.AuthDocumentHash ?? Convert.ToBase64String(new byte[32]));
            }
            xml.WriteEndElement();
            if (describe)
            {
                xml.WriteStartElement("OpisPotwierdzenia", Namespace);
                xml.WriteElementString("Strona", Namespace, "1");
                xml.WriteElementString("LiczbaStron", Namespace, "1");
                xml.WriteElementString("ZakresDokumentowOd", Namespace, "1");
                xml.WriteElementString("ZakresDokumentowDo", Namespace, invoices.Count.ToString(CultureInfo.InvariantCulture));
                xml.WriteElementString("CalkowitaLiczbaDokumentow", Namespace, invoices.Count.ToString(CultureInfo.InvariantCulture));
                xml.WriteEndElement();
            }
            xml.WriteElementString("NazwaStrukturyLogicznej", Namespace, session.Form.LogicalStructure);
            xml.WriteElementString("KodFormularza", Namespace, session.Form.SystemCode);
            foreach (var invoice in invoices)
            {
                xml.WriteStartElement("Dokument", Namespace);
                xml.WriteElementString("NipSprzedawcy", Namespace, invoice.Facts.SellerNip);
                xml.WriteElementString("NumerKSeFDokumentu", Namespace, invoice.KsefNumber);
                xml.WriteElementString("NumerFaktury", Namespace, invoice.Facts.InvoiceNumber);
                xml.WriteElementString("DataWystawieniaFaktury", Namespace, invoice.Facts.IssueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                xml.WriteElementString("DataPrzeslaniaDokumentu", Namespace, Timestamp(invoice.InvoicingDate));
                xml.WriteElementString("DataNadaniaNumeruKSeF", Namespace, Timestamp(invoice.AcquisitionDate));
                xml.WriteElementString("SkrotDokumentu", Namespace, invoice.Hash);
                xml.WriteElementString("TrybWysylki", Namespace, invoice.InvoicingMode);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return output.ToArray();
    }

    private static string Timestamp(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
}
