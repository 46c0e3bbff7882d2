<#
.SYNOPSIS
    Protect-KsefInvoice throughput and peak memory, in a child pwsh per run (so each peak is its own).
    Prints one line of JSON: invoices, seconds and invoices per second of the first pass (a fresh process, as a
    scheduled run meets it), invoices per second of the last of -Passes (warm), peak working set, and on Linux the bytes
    the first pass wrote (the offline queue's log, and any images).
    Every pass queues invoices the store has not seen: passes after the first run on a fresh copy of the store as it was
    given (made outside the timing), as a long-lived session meets new invoices. The same invoices protected again would
    be found queued already, which skips the queue's writes and flatters the warm figure.
    -Source Folder gives Protect-KsefInvoice the folder itself (it lists the files); Paths feeds plain path strings;
    GetChildItem pipes Get-ChildItem's FileInfo objects. -Baseline runs the same input without Protect-KsefInvoice, to
    show what the input side costs on its own. -SkipSchemaValidation leaves out the XSD check. -Consumer Variable keeps a
    folder's results in a variable instead of handing each to ForEach-Object (PowerShell's cost of running a script
    block per result is then left out, as a client's own loop has none).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $InvoiceDirectory,
    [Parameter(Mandatory)] [string] $StorePath,
    [Parameter(Mandatory)] [string] $Certificate,
    [string] $OutputDirectory,
    [ValidateSet('Folder', 'GetChildItem', 'Paths')] [string] $Source = 'Folder',
    [switch] $SkipSchemaValidation,
    [switch] $Baseline,
    [ValidateSet('ForEachObject', 'Variable')] [string] $Consumer = 'ForEachObject',
    [int] $Passes = 1
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchSupport.ps1')
Import-Module $ModulePath
$arguments = @{ Certificate = $Certificate; StorePath = $StorePath }
if ($OutputDirectory) { $arguments.OutputDirectory = $OutputDirectory }
if ($SkipSchemaValidation) { $arguments.SkipSchemaValidation = $true }
$files = if ($Source -eq 'Paths') { { [System.IO.Directory]::EnumerateFiles($InvoiceDirectory, '*.xml') } }
         else { { Get-ChildItem $InvoiceDirectory -Filter *.xml } }
# Bytes handed to write() so far by this process (Linux), to tell what a pass costs the disk.
function Get-BytesWritten {
    if (-not $IsLinux) { return 0L }
    [long]((Get-Content /proc/self/io | Where-Object { $_ -like 'wchar:*' }) -split ':\s*')[1]
}
if ($Passes -gt 1) { $pristine = Save-StoreFiles $StorePath }
$rates = foreach ($pass in 1..$Passes) {
    if ($pass -gt 1) { Restore-StoreFiles $StorePath $pristine }
    $count = 0
    $writtenBefore = Get-BytesWritten
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    if ($Baseline) { & $files | ForEach-Object { $count++ } }
    elseif ($Source -eq 'Folder' -and $Consumer -eq 'Variable') { $results = Protect-KsefInvoice $InvoiceDirectory @arguments; $count = $results.Count; $results = $null }
    elseif ($Source -eq 'Folder') { Protect-KsefInvoice $InvoiceDirectory @arguments | ForEach-Object { $count++ } }
    else { & $files | Protect-KsefInvoice @arguments | ForEach-Object { $count++ } }
    $watch.Stop()
    if ($pass -eq 1) { $first = $watch.Elapsed.TotalSeconds; $written = (Get-BytesWritten) - $writtenBefore }
    $count / $watch.Elapsed.TotalSeconds
}
if ($Passes -gt 1) { Remove-Item -Recurse -Force $pristine }
[pscustomobject]@{
    Invoices = $count
    Seconds = $first
    PerSecond = @($rates)[0]
    WarmPerSecond = @($rates)[-1]
    FirstPassWrittenMiB = $written / 1MB
    PeakMiB = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB
    GcHeapMiB = [GC]::GetGCMemoryInfo().HeapSizeBytes / 1MB
    Gen2Collections = [GC]::CollectionCount(2)
    RetainedMiB = $(foreach ($i in 1..2) { [GC]::Collect() }; [GC]::GetTotalMemory($true) / 1MB)
} | ConvertTo-Json -Compress
