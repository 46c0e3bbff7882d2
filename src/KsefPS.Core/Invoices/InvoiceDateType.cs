namespace KsefPS.Core.Invoices;

public enum InvoiceDateType
{
    Issue,
    Invoicing,
    PermanentStorage,
}
