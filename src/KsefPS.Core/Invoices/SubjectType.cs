namespace KsefPS.Core.Invoices;

public enum SubjectType
{
    Seller,
    Buyer,
    Third,
    Authorized,
}
