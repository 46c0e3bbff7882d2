using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Certificates;
using KsefPS.Core.Offline;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Offline;

[Cmdlet(VerbsDiagnostic.Test, "KsefCertificateLink")]
[OutputType(typeof(KsefLinkVerification))]
public sealed class TestKsefCertificateLinkCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("CertificateLink")]
    [ValidateNotNullOrEmpty]
    public string Url { get; set; } = "";

    /// <summary>The signer's certificate: a stored entry or name, an X509Certificate2, or a certificate file.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public object? Certificate { get; set; }

    /// <summary>The invoice the link claims to protect: its hash and seller are compared.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Path")]
    [ValidateNotNullOrEmpty]
    public string? InvoicePath { get; set; }

    protected override void ProcessRecord()
    {
        PerItem(() =>
        {
            var link = VerificationLinks.ParseCertificateLink(Url);
            using var certificate = LoadCertificate();
            // The invoice's hash and seller are compared with the link: whether KSeF would take its NIPs is not asked.
            var facts = InvoicePath is null ? null : InvoiceFacts.Read(ResolvePath(InvoicePath), validateSchema: false, nipControlDigit: false);
            WriteObject(new KsefLinkVerification(Url,
                VerificationLinks.VerifySignature(link, certificate),
                VerificationLinks.SerialMatches(link.CertificateSerial, certificate),
                facts is null ? null : facts.Sha256.AsSpan().SequenceEqual(link.Sha256),
                facts is null ? null : facts.SellerNip == link.SellerNip,
                link.CertificateSerial, link.SellerNip));
        });
    }

    private X509Certificate2 LoadCertificate()
    {
        var value = Certificate is PSObject ps ? ps.BaseObject : Certificate;
        switch (value)
        {
            case X509Certificate2 x509:
                return new X509Certificate2(x509.RawData);
            case StoredCertificate entry:
                return new X509Certificate2(entry.Certificate.RawData);
            case FileInfo file:
                return LoadFile(file.FullName);
        }
        var text = value?.ToString() ?? "";
        // A file's path, or else a stored certificate's name (which may look like another provider's path, "name:…").
        if (FileSystemPath(text).Path is { } path && File.Exists(path))
        {
            return LoadFile(path);
        }
        using var store = OpenStoreToFindCertificate(text);
        return new X509Certificate2(CertificateSelection.ByExactName(store, text).Certificate.RawData);
    }

    private static X509Certificate2 LoadFile(string path) => CertificateFileReader.ReadPublic(path);
}
