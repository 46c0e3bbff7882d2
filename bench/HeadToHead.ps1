<#
.SYNOPSIS
    Protect-KsefInvoice against the official client's steps, run in turns: the figure issue 13's goal is about, measured
    so that the host's drift falls on both alike. The rows of bench/Invoke-Benchmarks.ps1 are measured minutes apart,
    and on a shared host a fresh pwsh swings by a sixth from one minute to the next; here each pair is the cmdlet's run
    and the client's run straight after it.
    Each pair: `Protect-KsefInvoice <folder> -SkipSchemaValidation`, results kept in a variable (bench/Protect.ps1 on a
    fresh copy of a store this script makes, holding an EC Offline certificate and an empty offline queue, 3 passes),
    then the official client's steps over the same files (bench/LinkBaseline.ps1 -Steps Client, 3 passes), each in a
    fresh pwsh with a JIT cache folder of its own, after one run of each not counted. Prints the medians of both and the
    median of the pairs' ratios, for the first pass and the third (warm).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $InvoiceDirectory,
    # The invoices' seller, whom the Offline certificate is made for.
    [string] $Nip = '5265877635',
    [int] $Pairs = 7
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchSupport.ps1')
$ModulePath = (Resolve-Path $ModulePath).Path
$work = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-bench-turns-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
$caches = Join-Path $work 'caches'
# A store of its own, never one handed in: a store whose queue held these invoices already would let every run skip the
# queue's writes (each invoice found queued), which flatters the cmdlet.
$StorePath = Join-Path $work 'store/store.db'

function Measure-Cmdlet {
    $run = Invoke-OnStoreCopy $StorePath {
        param($copy)
        # pwsh replays the JIT profile its cache folder holds: each kind of run gets its own, as in Invoke-Benchmarks.ps1.
        Invoke-InJitCache (Join-Path $caches 'cmdlet') {
            Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Protect.ps1') -ModulePath $ModulePath `
                -InvoiceDirectory $InvoiceDirectory -StorePath $copy -Certificate Offline -SkipSchemaValidation -Consumer Variable -Passes 3
        }
    }
    $result = $run | Select-Object -Last 1 | ConvertFrom-Json
    [pscustomobject]@{ First = $result.PerSecond; Warm = $result.WarmPerSecond }
}

function Measure-Client {
    $run = Invoke-InJitCache (Join-Path $caches 'client') {
        Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'LinkBaseline.ps1') -Steps Client -InvoiceDirectory $InvoiceDirectory
    }
    $result = $run | Select-Object -Last 1 | ConvertFrom-Json
    [pscustomobject]@{ First = $result.FirstPass; Warm = $result.WarmPass }
}

New-Item -ItemType Directory $caches | Out-Null
try {
    Invoke-BenchPwsh -NoProfile -NonInteractive -Command @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
New-KsefTestCertificate -StorePath '$StorePath' -OrganizationName Bench -Nip $Nip -Usage Offline -Name Offline | Out-Null
"@ | Out-Null
    $null = Measure-Cmdlet
    $null = Measure-Client
    $turns = foreach ($i in 1..$Pairs) {
        $cmdlet = Measure-Cmdlet
        $client = Measure-Client
        [pscustomobject]@{ Cmdlet = $cmdlet; Client = $client; First = $cmdlet.First / $client.First; Warm = $cmdlet.Warm / $client.Warm }
    }
}
finally {
    Remove-Item -Recurse -Force $work
}
Write-Host ''
Write-Host "Protect-KsefInvoice <folder> -SkipSchemaValidation (EC, results kept in a variable) and the official client's steps, in turns ($Pairs pairs, medians)"
Write-Host ('  the cmdlet                     first {0,7:N0}/s  warm {1,7:N0}/s' -f (Get-Median $turns.Cmdlet.First), (Get-Median $turns.Cmdlet.Warm))
Write-Host ('  the official client''s steps    first {0,7:N0}/s  warm {1,7:N0}/s   (baseline)' -f (Get-Median $turns.Client.First), (Get-Median $turns.Client.Warm))
Write-Host ('  the cmdlet against the client, the median of the pairs: first {0:P0}, warm {1:P0} (pairs from {2:P0} to {3:P0} first, {4:P0} to {5:P0} warm)' -f `
    (Get-Median $turns.First), (Get-Median $turns.Warm), ($turns.First | Measure-Object -Minimum).Minimum, ($turns.First | Measure-Object -Maximum).Maximum,
    ($turns.Warm | Measure-Object -Minimum).Minimum, ($turns.Warm | Measure-Object -Maximum).Maximum)
