using KsefPS.Core.Environments;

namespace KsefPS.Core.Offline;

/// <summary>An invoice protected for offline issue: its facts, both verification links, images and sending deadline.</summary>
public sealed record ProtectedInvoice(
    string Path,
    string? InvoiceNumber,
    string SellerNip,
    DateOnly IssueDate,
    string Hash,
    string InvoiceLink,
    string CertificateLink,
    string? InvoiceImage,
    string? CertificateImage,
    OfflineMode Mode,
    DateOnly Deadline,
    KsefEnvironment Environment,
    string CertificateSerial)
{
    public DateTimeOffset DeadlineEnds => OfflineDeadline.EndOf(Deadline);
    /// <summary>The file's name, as tables show it.</summary>
    public string File => System.IO.Path.GetFileName(Path);
}
