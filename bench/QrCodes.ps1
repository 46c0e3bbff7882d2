<#
.SYNOPSIS
    The QR encoder alone: microseconds to encode a KOD I link and a KOD II link (EC signature) with KsefPS's encoder
    (KsefPS.Core's Offline/Qr), beside QRCoder 1.8.1 (the encoder KsefPS used before, and the tests' reference) when
    its NuGet package is in the local cache. Warm: each figure the median of 7 rounds after a warm-up. Figures only.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath
)
$ErrorActionPreference = 'Stop'
$core = Join-Path (Resolve-Path $ModulePath).Path 'deps/KsefPS.Core.dll'
$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
$qrCoder = Join-Path $packages 'qrcoder/1.8.1/lib/net6.0/QRCoder.dll'
$haveQrCoder = Test-Path $qrCoder
$baseline = if ($haveQrCoder) {
    'using (var generator = new QRCoder.QRCodeGenerator()) using (var data = generator.CreateQrCode(text, QRCoder.QRCodeGenerator.ECCLevel.M)) { return data.ModuleMatrix.Count; }'
} else { 'return -1;' }
$references = @($core, 'System.Runtime', 'System.Collections', 'System.Linq') + $(if ($haveQrCoder) { $qrCoder } else { @() })

foreach ($assembly in $references | Where-Object { $_ -like '*.dll' }) { $null = [Reflection.Assembly]::LoadFrom($assembly) }
# The two assemblies target older .NETs than this PowerShell; the compiler's note that their references match is expected.
Add-Type -IgnoreWarnings -WarningAction SilentlyContinue -ReferencedAssemblies $references -TypeDefinition @"
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

public static class QrBench
{
    /// <summary>Microseconds per code: ours, the baseline's (-1 without one), and the version of ours.</summary>
    public static double[] Measure(string text, int iterations)
    {
        var ours = new List<double>();
        var theirs = new List<double>();
        var hasBaseline = Baseline(text) >= 0;
        for (var round = 0; round < 8; round++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++) { KsefPS.Core.Offline.Qr.QrCode.Encode(text); }
            var ourTime = watch.Elapsed.TotalMilliseconds * 1000 / iterations;
            watch.Restart();
            for (var i = 0; hasBaseline && i < iterations / 5; i++) { Baseline(text); }
            var theirTime = hasBaseline ? watch.Elapsed.TotalMilliseconds * 1000 / (iterations / 5) : -1;
            if (round > 0) { ours.Add(ourTime); theirs.Add(theirTime); }
        }
        return new[] { Median(ours), Median(theirs), KsefPS.Core.Offline.Qr.QrCode.Encode(text).Version };
    }

    private static double Baseline(string text) { $baseline }

    private static double Median(List<double> values) => values.OrderBy(v => v).ElementAt(values.Count / 2);
}
"@

$signature = 'mSkm_XmM9fq7PgAJwiL32L9ujhyguOEV48cDB0ncemD2r9TMGa3lr0iRoFk588agCi8QPsOuscUY1rZ7ff76STbGquO'.Substring(0, 86)
$links = [ordered]@{
    'KOD I     ' = 'https://qr.ksef.mf.gov.pl/invoice/5265877635/01-12-2026/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE'
    'KOD II, EC' = "https://qr.ksef.mf.gov.pl/certificate/Nip/5265877635/5265877635/01F20A5D352AE590/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE/$signature"
}
Write-Host ''
Write-Host 'QR codes alone, warm (level M, the mask of lowest penalty; median of 7 rounds)'
foreach ($name in $links.Keys) {
    $ours, $theirs, $version = [QrBench]::Measure($links[$name], 2000)
    $against = if ($theirs -lt 0) { "(no QRCoder 1.8.1 in ${packages}: no baseline)" } else { '   QRCoder 1.8.1 {0,6:N0} us (baseline; {1:N1}x ours)' -f $theirs, ($theirs / $ours) }
    Write-Host ('  {0}  {1,3} chars, version {2,2}: KsefPS {3,5:N0} us{4}' -f $name, $links[$name].Length, $version, $ours, $against)
}
