<#
.SYNOPSIS
    The per-invoice check alone (KsefPS.Core's InvoiceFile.Check without the XSD: well-formedness, the facts, SHA-256),
    in this process as a fresh one meets it and once warm, beside the same bytes read through .NET's XmlReader (what a
    client that parses the invoice does; baseline, same run). Run it in a fresh pwsh: the first figure is the mean of the
    first 5,000 calls, while .NET is still compiling; the warm figure is the median of 10 rounds after 25 rounds.
    Figures only.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Invoice
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchSupport.ps1')
$core = Join-Path (Resolve-Path $ModulePath).Path 'deps/KsefPS.Core.dll'
$null = [Reflection.Assembly]::LoadFrom($core)
$references = @($core, 'System.Runtime', 'System.Collections', 'System.Xml.ReaderWriter')
# KsefPS.Core targets an older .NET than this PowerShell; the compiler's note that their references match is expected.
Add-Type -IgnoreWarnings -WarningAction SilentlyContinue -ReferencedAssemblies $references -TypeDefinition @"
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Xml;

public static class InvoiceCheckBench
{
    /// <summary>Microseconds per call of <paramref name="check"/>: the mean of each round of <paramref name="calls"/>, in order.</summary>
    public static List<double> Rounds(bool check, byte[] content, int rounds, int calls)
    {
        var result = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++)
            {
                if (check) { KsefPS.Core.Invoices.InvoiceFile.Check("invoice.xml", content, validateSchema: false); }
                else { ReadThrough(content); }
            }
            result.Add(watch.Elapsed.TotalMilliseconds * 1000 / calls);
        }
        return result;
    }

    private static void ReadThrough(byte[] content)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new MemoryStream(content), settings);
        while (reader.Read()) { }
    }
}
"@

$content = [IO.File]::ReadAllBytes($Invoice)
$ours = [InvoiceCheckBench]::Rounds($true, $content, 35, 5000)
$theirs = [InvoiceCheckBench]::Rounds($false, $content, 35, 5000)
Write-Host ''
Write-Host ('The invoice check alone ({0:N0} bytes; no XSD): us per invoice, the first 5,000 calls of a fresh process and warm (median of 10 rounds)' -f $content.Length)
Write-Host ('  InvoiceFile.Check            first {0,6:N1} us   warm {1,6:N1} us' -f $ours[0], (Get-Median $ours.GetRange(25, 10)))
Write-Host ('  XmlReader read-through       first {0,6:N1} us   warm {1,6:N1} us   (baseline: parsing alone, no facts, no hash)' -f $theirs[0], (Get-Median $theirs.GetRange(25, 10)))
