<#
.SYNOPSIS
    The floor for Protect-KsefInvoice's links-only work: what a client's own link code does for each invoice and no
    more — read the file, SHA-256 it, build the KOD I and KOD II links, sign KOD II with ECDSA P-256 — in a
    Parallel.ForEach over the cores, compiled into this pwsh so it runs under the same runtime settings as the cmdlet.
    It reads no invoice facts (the seller NIP and date are given) and checks nothing. Prints one line of JSON: the rate
    of the first pass (a fresh process, as a scheduled run meets it) and of the third (warm).
#>
param(
    [Parameter(Mandatory)] [string] $InvoiceDirectory,
    [int] $Parallelism = [Environment]::ProcessorCount
)
$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition @'
using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;

public static class KsefLinkBaseline
{
    public static double PerSecond(string[] files, int parallelism, byte[] pkcs8)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            () => { var key = ECDsa.Create(); key.ImportPkcs8PrivateKey(pkcs8, out _); return key; },
            (file, _, key) =>
            {
                var hash = Convert.ToBase64String(SHA256.HashData(File.ReadAllBytes(file))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
                var invoiceLink = "https://qr-test.ksef.mf.gov.pl/invoice/5265877635/01-09-2025/" + hash;
                var path = "qr-test.ksef.mf.gov.pl/certificate/Nip/5265877635/5265877635/01F20A5D352AE590/" + hash;
                var signature = key.SignData(Encoding.UTF8.GetBytes(path), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                var certificateLink = "https://" + path + "/" + Convert.ToBase64String(signature).TrimEnd('=').Replace('+', '-').Replace('/', '_');
                GC.KeepAlive(invoiceLink);
                GC.KeepAlive(certificateLink);
                return key;
            },
            key => key.Dispose());
        return files.Length / watch.Elapsed.TotalSeconds;
    }
}
'@
$files = [System.IO.Directory]::GetFiles($InvoiceDirectory, '*.xml')
$pkcs8 = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256).ExportPkcs8PrivateKey()
$passes = foreach ($i in 1..3) { [KsefLinkBaseline]::PerSecond($files, $Parallelism, $pkcs8) }
[pscustomobject]@{ Invoices = $files.Count; FirstPass = $passes[0]; WarmPass = $passes[2] } | ConvertTo-Json -Compress
