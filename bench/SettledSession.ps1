<#
.SYNOPSIS
    Protect-KsefInvoice and the official client's steps in one long-lived pwsh, once .NET has stopped compiling: what
    the cmdlet costs beside the client's loop when neither pays for the runtime's start.
    In a young process .NET keeps compiling for many calls: code called a few times a call (PowerShell's parameter binding
    and paths, the store's opening) is compiled again, optimized, by .NET's background compiler once it has been called
    30 times, and on two cores that compiler takes its share of them while a run goes on. A cmdlet's call reaches
    hundreds of such methods, a loop compiled into the process a few dozen, so the third pass of bench/Protect.ps1 still
    pays for it where the client's third pass hardly does. Here both first run -Calls times each (not counted), then
    -Pairs pairs are timed in turns: `Protect-KsefInvoice <folder> -SkipSchemaValidation`, results kept in a variable, on
    the store as it was given, and the client's steps of bench/LinkBaseline.cs over the same files. Prints the medians,
    the median of the pairs' ratios, and how many methods .NET compiled during the timed calls.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $InvoiceDirectory,
    # A store holding an Offline certificate for the invoices' seller, and an empty offline queue.
    [Parameter(Mandatory)] [string] $StorePath,
    [Parameter(Mandatory)] [string] $Certificate,
    [int] $Calls = 40,
    [int] $Pairs = 7
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchSupport.ps1')
Import-Module (Resolve-Path $ModulePath).Path
Add-Type -Path (Join-Path $PSScriptRoot 'LinkBaseline.cs')
$files = [IO.Directory]::GetFiles($InvoiceDirectory, '*.xml')
$key = [Security.Cryptography.ECDsa]::Create([Security.Cryptography.ECCurve+NamedCurves]::nistP256)
$pristine = Save-StoreFiles $StorePath

function Measure-Rate([scriptblock] $Run) {
    $compiled = [Runtime.JitInfo]::GetCompiledMethodCount($false)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $Run
    $watch.Stop()
    [pscustomobject]@{ PerSecond = $files.Count / $watch.Elapsed.TotalSeconds; Compiled = [Runtime.JitInfo]::GetCompiledMethodCount($false) - $compiled }
}
# The pass's own store copy is put back before the watch starts; the results are let go after it stops.
function Measure-Cmdlet {
    Restore-StoreFiles $StorePath $pristine
    $measured = Measure-Rate { $script:results = Protect-KsefInvoice $InvoiceDirectory -Certificate $Certificate -StorePath $StorePath -SkipSchemaValidation }
    if ($script:results.Count -ne $files.Count) { throw "Protect-KsefInvoice gave $($script:results.Count) results for $($files.Count) invoices." }
    $script:results = $null
    $measured
}
function Measure-Client { Measure-Rate { $null = [KsefLinkBaseline]::Client($files, [Environment]::ProcessorCount, $key) } }

try {
    $firstCall = Measure-Cmdlet
    $firstLoop = Measure-Client
    foreach ($i in 2..$Calls) { $null = Measure-Cmdlet; $null = Measure-Client }
    $turns = foreach ($i in 1..$Pairs) {
        $cmdlet = Measure-Cmdlet
        $client = Measure-Client
        [pscustomobject]@{ Cmdlet = $cmdlet; Client = $client; Ratio = $cmdlet.PerSecond / $client.PerSecond }
    }
}
finally {
    Remove-Item -Recurse -Force $pristine
}
Write-Host ''
Write-Host "A settled session: Protect-KsefInvoice <folder> -SkipSchemaValidation (EC, into a variable) and the official client's steps in one pwsh, after $Calls calls of each, $Pairs pairs in turns (medians)"
Write-Host ('  the cmdlet                     {0,7:N0}/s   methods compiled during a call: {1:N0} (the first call: {2:N0})' -f `
    (Get-Median $turns.Cmdlet.PerSecond), (Get-Median $turns.Cmdlet.Compiled), $firstCall.Compiled)
Write-Host ('  the official client''s steps    {0,7:N0}/s   methods compiled during a call: {1:N0} (the first call: {2:N0})   (baseline)' -f `
    (Get-Median $turns.Client.PerSecond), (Get-Median $turns.Client.Compiled), $firstLoop.Compiled)
Write-Host ('  the cmdlet against the client, the median of the pairs: {0:P0} (pairs from {1:P0} to {2:P0})' -f `
    (Get-Median $turns.Ratio), ($turns.Ratio | Measure-Object -Minimum).Minimum, ($turns.Ratio | Measure-Object -Maximum).Maximum)
