<#
.SYNOPSIS
    Protect-KsefInvoice throughput and peak memory, in a child pwsh per run (so each peak is its own).
    Prints one line of JSON: invoices, seconds, invoices per second, peak working set.
    -Source Paths feeds plain path strings instead of Get-ChildItem's FileInfo objects; -Baseline runs the same input
    without Protect-KsefInvoice, to show what the input side costs on its own.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $InvoiceDirectory,
    [Parameter(Mandatory)] [string] $StorePath,
    [Parameter(Mandatory)] [string] $Certificate,
    [string] $OutputDirectory,
    [ValidateSet('GetChildItem', 'Paths')] [string] $Source = 'GetChildItem',
    [switch] $Baseline
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$arguments = @{ Certificate = $Certificate; StorePath = $StorePath }
if ($OutputDirectory) { $arguments.OutputDirectory = $OutputDirectory }
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$count = 0
$files = if ($Source -eq 'Paths') { { [System.IO.Directory]::EnumerateFiles($InvoiceDirectory, '*.xml') } }
         else { { Get-ChildItem $InvoiceDirectory -Filter *.xml } }
if ($Baseline) { & $files | ForEach-Object { $count++ } }
else { & $files | Protect-KsefInvoice @arguments | ForEach-Object { $count++ } }
$watch.Stop()
[pscustomobject]@{
    Invoices = $count
    Seconds = $watch.Elapsed.TotalSeconds
    PerSecond = $count / $watch.Elapsed.TotalSeconds
    PeakMiB = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB
    GcHeapMiB = [GC]::GetGCMemoryInfo().HeapSizeBytes / 1MB
    Gen2Collections = [GC]::CollectionCount(2)
    RetainedMiB = $(foreach ($i in 1..2) { [GC]::Collect() }; [GC]::GetTotalMemory($true) / 1MB)
} | ConvertTo-Json -Compress
