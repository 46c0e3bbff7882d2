// The two loops of bench/LinkBaseline.ps1, whose synopsis says what each does; bench/SettledSession.ps1 compiles them too.
using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Tasks;

public static class KsefLinkBaseline
{
    private const string QrHost = "https://qr-test.ksef.mf.gov.pl";
    private const string Nip = "5265877635";

    public static double Floor(string[] files, int parallelism, ECDsa template)
    {
        var pkcs8 = template.ExportPkcs8PrivateKey();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            () => { var key = ECDsa.Create(); key.ImportPkcs8PrivateKey(pkcs8, out _); return key; },
            (file, _, key) =>
            {
                var hash = Base64Url(SHA256.HashData(File.ReadAllBytes(file)));
                var invoiceLink = QrHost + "/invoice/" + Nip + "/01-09-2025/" + hash;
                var path = "qr-test.ksef.mf.gov.pl/certificate/Nip/" + Nip + "/" + Nip + "/01F20A5D352AE590/" + hash;
                var signature = key.SignData(Encoding.UTF8.GetBytes(path), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                var certificateLink = "https://" + path + "/" + Base64Url(signature);
                GC.KeepAlive(invoiceLink);
                GC.KeepAlive(certificateLink);
                return key;
            },
            key => key.Dispose());
        return files.Length / watch.Elapsed.TotalSeconds;
    }

    public enum ContextType { Nip, InternalId, NipVatUe, PeppolId }

    public static double Client(string[] files, int parallelism, ECDsa template)
    {
        var request = new CertificateRequest("CN=Offline, SERIALNUMBER=TINPL-" + Nip, template, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var issueDate = new DateTime(2025, 9, 1);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, file =>
        {
            var invoiceHash = Convert.ToBase64String(SHA256.HashData(File.ReadAllBytes(file)));
            GC.KeepAlive(InvoiceLink(Nip, issueDate, invoiceHash));
            GC.KeepAlive(CertificateLink(Nip, ContextType.Nip, Nip, certificate.SerialNumber, invoiceHash, certificate));
        });
        return files.Length / watch.Elapsed.TotalSeconds;
    }

    private static string InvoiceLink(string nip, DateTime issueDate, string invoiceHash)
    {
        var date = issueDate.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);
        var hash = Base64Url(FromBase64OrBase64Url(invoiceHash));
        return $"{QrHost}/invoice/{nip}/{date}/{hash}";
    }

    private static string CertificateLink(string sellerNip, ContextType contextType, string context, string serial, string invoiceHash, X509Certificate2 certificate)
    {
        var hash = Base64Url(FromBase64OrBase64Url(invoiceHash));
        var toSign = $"{QrHost}/certificate/{contextType}/{context}/{sellerNip}/{serial}/{hash}".Replace("https://", "");
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(toSign));
        byte[] signature;
        if (certificate.GetRSAPrivateKey() is RSA rsa) { signature = rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pss); }
        else if (certificate.GetECDsaPrivateKey() is ECDsa ecdsa) { signature = ecdsa.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation); }
        else { throw new InvalidOperationException("no private key"); }
        return $"{QrHost}/certificate/{contextType}/{context}/{sellerNip}/{serial}/{hash}/{Base64Url(signature)}";
    }

    private static byte[] FromBase64OrBase64Url(string text)
    {
        var standard = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(standard.PadRight(standard.Length + (4 - standard.Length % 4) % 4, '='));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
