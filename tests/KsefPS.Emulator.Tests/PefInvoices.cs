using System.Text;
using KsefPS.Core.Tests.Support;
using KsefPS.Testing;

namespace KsefPS.Emulator.Tests;

/// <summary>PEF (3) invoices made from tests/samples/invoice-template-pef-3.xml (UBL, valid against Schemat_PEF(3)_v2-1.xsd).</summary>
public static class PefInvoices
{
    /// <param name="withId">False: without its number (cbc:ID), which the schema requires.</param>
    /// <param name="sellerTaxScheme">False: the seller's NIP is only in its EndpointID, as some providers write it.</param>
    /// <param name="withAttachment">True: with an embedded document (AdditionalDocumentReference/Attachment), PEF's attachment.</param>
    public static byte[] Build(string sellerNip, string buyerNip, string number, string? issueDate = null, bool withId = true, bool sellerTaxScheme = true,
        bool withAttachment = false)
    {
        var xml = File.ReadAllText(Repository.TestSample("invoice-template-pef-3.xml"))
            .Replace("#supplier_nip#", sellerNip).Replace("#buyer_nip#", buyerNip).Replace("#invoice_number#", number)
            .Replace("#issue_date#", issueDate ?? PolishDay.Today());
        if (!withId)
        {
            xml = xml.Replace($"<cbc:ID>{number}</cbc:ID>", "");
        }
        if (!sellerTaxScheme)
        {
            xml = xml.Replace($"<cac:PartyTaxScheme><cbc:CompanyID>PL{sellerNip}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>", "");
        }
        if (withAttachment)
        {
            xml = xml.Replace("<cac:AccountingSupplierParty>", """
                <cac:AdditionalDocumentReference><cbc:ID>ZAL-1</cbc:ID><cac:Attachment>
                <cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="zalacznik.pdf">JVBERi0xLjQK</cbc:EmbeddedDocumentBinaryObject>
                </cac:Attachment></cac:AdditionalDocumentReference>
                <cac:AccountingSupplierParty>
                """);
        }
        return Encoding.UTF8.GetBytes(xml);
    }
}
