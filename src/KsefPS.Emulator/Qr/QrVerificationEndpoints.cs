using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KsefPS.Emulator.Auth;
using KsefPS.Emulator.Certificates;
using KsefPS.Emulator.Infrastructure;
using KsefPS.Emulator.Invoices;

namespace KsefPS.Emulator.Qr;

/// <summary>
/// The QR verification side (BRIEF §9.2–9.3), at the paths of the QR host: what a phone shows when it scans KOD I or
/// KOD II. KOD I: whether KSeF has the invoice of that seller, issue date and hash, and if so its basic data (kody-qr.md:
/// "uproszczoną prezentację podstawowych danych faktury oraz informację o jej obecności w systemie KSeF"). KOD II checks:
/// the certificate is one the emulator issued, active, of type Offline; the signature over the link verifies; the issuer
/// may act in the context, and the context may issue for the seller.
/// </summary>
public sealed class QrVerificationEndpoints(EmulatorOptions options, Permissions.PermissionState grants, CertificateState certificates,
    InvoiceRepository invoices)
{
    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<QrVerificationEndpoints>(app.Services);
        app.MapGet("/certificate/{type}/{value}/{sellerNip}/{serial}/{hash}/{signature}", endpoints.VerifyCertificateLink);
        app.MapGet("/invoice/{sellerNip}/{issueDate}/{hash}", endpoints.VerifyInvoiceLink);
    }

    private IResult VerifyCertificateLink(string type, string value, string sellerNip, string serial, string hash, string signature)
    {
        var checks = new List<(bool Passed, string Text)>();
        var known = certificates.Issued.TryGetValue(ListedSerial(serial), out var issued);
        checks.Add((known, known ? "Certyfikat istnieje" : "Certyfikat nie istnieje"));
        var active = known && issued!.StatusAt(DateTimeOffset.UtcNow) == "Active" && issued.Type == "Offline";
        checks.Add((active, active ? "Certyfikat jest aktywny" : "Certyfikat nie jest aktywnym certyfikatem typu Offline"));
        var signed = $"{options.QrHost}/certificate/{type}/{value}/{sellerNip}/{serial}/{hash}";
        var signatureValid = known && Verify(issued!, signed, signature);
        checks.Add((signatureValid, signatureValid ? "Podpis wystawcy jest prawidłowy" : "Podpis wystawcy jest nieprawidłowy"));
        var context = new Identifier(type, value);
        var entitled = known && grants.Effective(issued!.Owner, context).Count > 0 && (type != "Nip" || value == sellerNip);
        checks.Add((entitled, entitled ? "Wystawca posiada uprawnienia do wystawienia faktury" : "Wystawca nie posiada uprawnień do wystawienia faktury"));
        return Page("Weryfikacja certyfikatu KSeF", checks);
    }

    private IResult VerifyInvoiceLink(string sellerNip, string issueDate, string hash)
    {
        var invoice = Base64Url.Decode(hash) is { Length: 32 } digest ? invoices.FindByHash(Convert.ToBase64String(digest)) : null;
        // The link names the seller and the issue date as well: the same bytes under another seller or date are not this invoice.
        if (invoice is null || invoice.Facts.SellerNip != sellerNip || LinkDate(invoice.Facts.IssueDate) != issueDate)
        {
            return Page("Weryfikacja faktury", [(false, $"Faktura sprzedawcy {sellerNip} z dnia {issueDate} nie została jeszcze przesłana do KSeF")]);
        }
        var facts = invoice.Facts;
        return Page("Weryfikacja faktury", [(true, "Faktura znajduje się w KSeF")],
        [
            ("Numer KSeF", invoice.KsefNumber),
            ("Numer faktury", facts.InvoiceNumber),
            ("Sprzedawca", facts.SellerName is { } name ? $"{facts.SellerNip} {name}" : facts.SellerNip),
            ("Data wystawienia", LinkDate(facts.IssueDate)),
            ("Kwota brutto", $"{facts.Gross.ToString("0.00", CultureInfo.InvariantCulture)} {facts.Currency}"),
        ]);
    }

    private static string LinkDate(DateOnly date) => date.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// A serial as the authority lists it. A link may carry the leading 00 byte of the DER encoding, as the official
    /// client writes serials whose first byte has its top bit set; the list has no sign byte.
    /// </summary>
    private static string ListedSerial(string serial)
    {
        var upper = serial.ToUpperInvariant();
        return upper.Length > 2 && upper.StartsWith("00", StringComparison.Ordinal) ? upper[2..] : upper;
    }

    private static bool Verify(IssuedCertificate issued, string signedPart, string signature)
    {
        if (Base64Url.Decode(signature) is not { } value)
        {
            return false;
        }
        var data = Encoding.UTF8.GetBytes(signedPart);
        using var rsa = issued.Certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            return rsa.VerifyData(data, value, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        }
        using var ec = issued.Certificate.GetECDsaPublicKey();
        return ec is not null && (ec.VerifyData(data, value, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            || ec.VerifyData(data, value, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    private static IResult Page(string title, IEnumerable<(bool Passed, string Text)> checks, IEnumerable<(string Label, string Value)>? details = null)
    {
        var html = new StringBuilder($"<!DOCTYPE html><html lang=\"pl\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title></head><body><h1>{WebUtility.HtmlEncode(title)}</h1><ul>");
        foreach (var (passed, text) in checks)
        {
            html.Append($"<li class=\"{(passed ? "ok" : "fail")}\">{WebUtility.HtmlEncode(text)}</li>");
        }
        html.Append("</ul>");
        if (details is not null)
        {
            html.Append("<dl>");
            foreach (var (label, value) in details)
            {
                html.Append($"<dt>{WebUtility.HtmlEncode(label)}</dt><dd>{WebUtility.HtmlEncode(value)}</dd>");
            }
            html.Append("</dl>");
        }
        html.Append("</body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }
}
