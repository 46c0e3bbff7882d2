using KsefPS.Core.Invoices;

namespace KsefPS.Core.Offline;

/// <summary>What a verification link needs from an invoice: seller NIP (Podmiot1), issue date P_1, number P_2, SHA-256 of the file.</summary>
public sealed record InvoiceFacts(string Path, string SellerNip, DateOnly IssueDate, string? InvoiceNumber, byte[] Sha256)
{
    public string HashBase64Url => Base64Url.Encode(Sha256);
    public string HashBase64 => Convert.ToBase64String(Sha256);

    /// <summary>
    /// Reads the invoice with every check KSeF will make when it arrives (<see cref="InvoiceFile"/>): an invoice
    /// protected offline must be one KSeF takes later, or it needs a technical correction.
    /// </summary>
    public static InvoiceFacts Read(string path)
    {
        var file = InvoiceFile.Read(path);
        return new InvoiceFacts(file.Path, file.SellerNip, file.IssueDate, file.InvoiceNumber, Convert.FromBase64String(file.Hash));
    }
}
