namespace KsefPS.Core.Offline;

/// <summary>What a verification link needs from an invoice: seller NIP (Podmiot1), issue date P_1, number P_2, SHA-256 of the file.</summary>
public sealed record InvoiceFacts(string Path, string SellerNip, DateOnly IssueDate, string? InvoiceNumber, byte[] Sha256)
{
    public string HashBase64Url => Base64Url.Encode(Sha256);
    public string HashBase64 => Convert.ToBase64String(Sha256);
}
