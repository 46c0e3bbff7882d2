using System.Text;

namespace KsefPS.Emulator.Tests;

/// <summary>
/// Small PEF (3) invoices — UBL 2.1 Invoice documents as a Peppol provider sends them for a Polish seller — valid against
/// Schemat_PEF(3)_v2-1.xsd. Written for these tests; the seller and the buyer are PL and their NIP.
/// </summary>
public static class PefInvoices
{
    /// <param name="sellerTaxScheme">False: the seller's NIP is only in its EndpointID, as some providers write it.</param>
    public static byte[] Build(string sellerNip, string buyerNip, string number, string? issueDate = null, bool withId = true, bool sellerTaxScheme = true) =>
        Encoding.UTF8.GetBytes($"""
        <?xml version="1.0" encoding="UTF-8"?>
        <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
          <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
          {(withId ? $"<cbc:ID>{number}</cbc:ID>" : "")}
          <cbc:IssueDate>{issueDate ?? DateTime.UtcNow.ToString("yyyy-MM-dd")}</cbc:IssueDate>
          <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
          <cbc:DocumentCurrencyCode>PLN</cbc:DocumentCurrencyCode>
          <cbc:BuyerReference>PL{buyerNip}</cbc:BuyerReference>
          <cac:AccountingSupplierParty>
            <cac:Party>
              <cbc:EndpointID schemeID="9945">PL{sellerNip}</cbc:EndpointID>
              <cac:PostalAddress><cac:Country><cbc:IdentificationCode>PL</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
              {(sellerTaxScheme ? $"<cac:PartyTaxScheme><cbc:CompanyID>PL{sellerNip}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>" : "")}
              <cac:PartyLegalEntity><cbc:RegistrationName>Sprzedawca Sp. z o.o.</cbc:RegistrationName></cac:PartyLegalEntity>
            </cac:Party>
          </cac:AccountingSupplierParty>
          <cac:AccountingCustomerParty>
            <cac:Party>
              <cbc:EndpointID schemeID="9945">PL{buyerNip}</cbc:EndpointID>
              <cac:PostalAddress><cac:Country><cbc:IdentificationCode>PL</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
              <cac:PartyTaxScheme><cbc:CompanyID>PL{buyerNip}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
              <cac:PartyLegalEntity><cbc:RegistrationName>Nabywca S.A.</cbc:RegistrationName></cac:PartyLegalEntity>
            </cac:Party>
          </cac:AccountingCustomerParty>
          <cac:TaxTotal><cbc:TaxAmount currencyID="PLN">23.00</cbc:TaxAmount></cac:TaxTotal>
          <cac:LegalMonetaryTotal>
            <cbc:LineExtensionAmount currencyID="PLN">100.00</cbc:LineExtensionAmount>
            <cbc:TaxExclusiveAmount currencyID="PLN">100.00</cbc:TaxExclusiveAmount>
            <cbc:TaxInclusiveAmount currencyID="PLN">123.00</cbc:TaxInclusiveAmount>
            <cbc:PayableAmount currencyID="PLN">123.00</cbc:PayableAmount>
          </cac:LegalMonetaryTotal>
          <cac:InvoiceLine>
            <cbc:ID>1</cbc:ID>
            <cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
            <cbc:LineExtensionAmount currencyID="PLN">100.00</cbc:LineExtensionAmount>
            <cac:Item>
              <cbc:Name>Usługa</cbc:Name>
              <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>23</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>
            </cac:Item>
            <cac:Price><cbc:PriceAmount currencyID="PLN">100.00</cbc:PriceAmount></cac:Price>
          </cac:InvoiceLine>
        </Invoice>
        """);
}
