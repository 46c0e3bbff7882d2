<#
.SYNOPSIS
    One measured run in its own pwsh (so the peak working set is its own): Send-KsefInvoice over a folder, or
    Sync-KsefInvoice into an empty one. Prints one line of JSON.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ApiUrl,
    [Parameter(Mandatory)] [string] $StorePath,
    [Parameter(Mandatory)] [string] $Nip,
    [Parameter(Mandatory)] [string] $Certificate,
    [Parameter(Mandatory)] [ValidateSet('Send', 'SendWait', 'Sync')] [string] $Mode,
    [Parameter(Mandatory)] [string] $Directory
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$null = Connect-Ksef -StorePath $StorePath -ApiUrl $ApiUrl -Nip $Nip -Certificate $Certificate
$process = [System.Diagnostics.Process]::GetCurrentProcess()
$cpuBefore = $process.TotalProcessorTime
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$count = switch ($Mode) {
    'Send' { (Get-ChildItem $Directory -Filter *.xml | Send-KsefInvoice | Measure-Object).Count }
    'SendWait' { @(Get-ChildItem $Directory -Filter *.xml | Send-KsefInvoice -Wait | Where-Object Status -eq Accepted).Count }
    'Sync' { (Sync-KsefInvoice -StorePath $StorePath -OutputDirectory $Directory -SubjectType Buyer -Since (Get-Date).AddHours(-1)).Downloaded }
}
$watch.Stop()
$process.Refresh()
[pscustomobject]@{
    Invoices = $count
    Seconds = $watch.Elapsed.TotalSeconds
    PerSecond = $count / $watch.Elapsed.TotalSeconds
    CpuMsPerItem = ($process.TotalProcessorTime - $cpuBefore).TotalMilliseconds / [math]::Max(1, $count)
    PeakMiB = $process.PeakWorkingSet64 / 1MB
} | ConvertTo-Json -Compress
