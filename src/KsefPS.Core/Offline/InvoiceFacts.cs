using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using KsefPS.Core.Invoices;

namespace KsefPS.Core.Offline;

/// <summary>
/// What a verification link needs from an invoice: seller NIP (Podmiot1), issue date P_1, number P_2, SHA-256 of the file;
/// and its form, which decides whether KSeF takes it where the certificate belongs.
/// </summary>
public sealed record InvoiceFacts(string Path, FormCode Form, string SellerNip, DateOnly IssueDate, string? InvoiceNumber, byte[] Sha256)
{
    public string HashBase64Url => Base64Url.Encode(Sha256);
    public string HashBase64 => Convert.ToBase64String(Sha256);

    /// <summary>
    /// Reads the invoice with the checks KSeF will make when it arrives (<see cref="InvoiceFile"/>): an invoice
    /// protected offline must be one KSeF takes later, or it needs a technical correction. The XSD check is left out
    /// only when <paramref name="validateSchema"/> says the caller's ERP already made it, and the seller NIP's control
    /// digit is checked when <paramref name="nipControlDigit"/> says so (KSeF checks it on production only).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static InvoiceFacts Read(string path, bool validateSchema = true, bool nipControlDigit = true)
    {
        var sha256 = new byte[SHA256.HashSizeInBytes];
        var file = InvoiceFile.ReadFacts(path, validateSchema, nipControlDigit, sha256);
        return new InvoiceFacts(path, file.Form, file.SellerNip, file.IssueDate, file.InvoiceNumber, sha256);
    }
}
