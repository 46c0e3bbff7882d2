<#
.SYNOPSIS
    Whether queueing gets slower as the offline queue grows: Protect-KsefInvoice over the same folder into a copy of the
    given store as it is, and into a copy whose queue already holds -Held invoices sent earlier (-PerDay a day, issued
    on the days before today, as a company that protects its invoices every day keeps them), runs interleaved, each a
    fresh pwsh (bench/Protect.ps1, results kept in a variable, no XSD). The queue keeps every invoice it was given, sent
    ones included, so that the same invoice is never queued twice.
    Prints one line of JSON: the median rate and the median MiB the run wrote, for each store.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $InvoiceDirectory,
    [Parameter(Mandatory)] [string] $StorePath,
    [Parameter(Mandatory)] [string] $Certificate,
    [int] $Held = 200000,
    [int] $PerDay = 10000,
    [int] $Rounds = 3
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchSupport.ps1')
# The measured runs are child processes in other folders: a relative path would not find the module there.
$ModulePath = (Resolve-Path $ModulePath).Path
$work = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-queue-growth-' + [guid]::NewGuid().ToString('N'))
$stores = @{ Empty = Join-Path $work 'empty'; Held = Join-Path $work 'held' }
New-Item -ItemType Directory $stores.Empty, $stores.Held | Out-Null
Copy-Item -LiteralPath (Get-StoreFiles $StorePath) -Destination $stores.Empty
Copy-Item -LiteralPath (Get-StoreFiles $StorePath) -Destination $stores.Held
$storeName = Split-Path -Leaf $StorePath

# The held invoices, written by the engine itself (loaded here, apart from the module that each measured run imports).
$null = Import-KsefEngine $ModulePath
$heldStore = [KsefPS.Core.Store.KsefStore]::Open((Join-Path $stores.Held $storeName))
try {
    $today = [DateOnly]::FromDateTime([DateTime]::UtcNow)
    $invoices = [System.Collections.Generic.List[KsefPS.Core.Offline.ProtectedInvoice]]::new()
    for ($i = 0; $i -lt $Held; $i++) {
        $issued = $today.AddDays(-1 - [math]::Floor($i / $PerDay))
        $hash = [Convert]::ToBase64String([System.Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes("held $i")))
        $invoices.Add([KsefPS.Core.Offline.ProtectedInvoice]::new("/billing/held/fv-$i.xml", "FV/H/$i", '5265877635', $issued, $hash,
            "https://qr-test.ksef.mf.gov.pl/invoice/5265877635/$($issued.ToString('dd-MM-yyyy'))/$hash",
            "https://qr-test.ksef.mf.gov.pl/certificate/Nip/5265877635/5265877635/01F20A5D352AE590/$hash/$('A' * 86)",
            $null, $null, 'Offline24', $issued.AddDays(1), 'Test', '01F20A5D352AE590'))
    }
    $null = $heldStore.AddOfflineInvoices($invoices)
    # Sent, each with a KSeF number, as Send-KsefInvoice marks them.
    $heldStore.MarkOfflineInvoicesSent([ValueTuple[Guid, string][]]@($heldStore.ListOfflineInvoices() | ForEach-Object {
        [ValueTuple[Guid, string]]::new($_.Id, "5265877635-$($_.IssueDate.ToString('yyyyMMdd'))-0100001A2B3C-4D") }))
}
finally { $heldStore.Dispose() }

function Measure-Run([string] $Kind) {
    $run = Join-Path $work "run-$Kind"
    New-Item -ItemType Directory $run | Out-Null
    try {
        Get-ChildItem $stores[$Kind] -File | Copy-Item -Destination $run
        # The copy written out first: its pages would otherwise be written back while the run's commits wait behind them.
        Complete-DiskWrites
        Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Protect.ps1') -ModulePath $ModulePath `
            -InvoiceDirectory $InvoiceDirectory -StorePath (Join-Path $run $storeName) -Certificate $Certificate -SkipSchemaValidation -Consumer Variable |
            Select-Object -Last 1 | ConvertFrom-Json
    }
    finally { Remove-Item -Recurse -Force $run }
}
try {
    # A first run of each that is not counted: both then meet their own script's JIT profile.
    $null = Measure-Run Empty
    $null = Measure-Run Held
    $runs = foreach ($round in 1..$Rounds) {
        foreach ($kind in 'Empty', 'Held') { [pscustomobject]@{ Kind = $kind; Result = Measure-Run $kind } }
    }
    $median = { param($kind, $field) Get-Median ($runs | Where-Object Kind -eq $kind | ForEach-Object { $_.Result.$field }) }
    [pscustomobject]@{
        Held = $Held
        EmptyPerSecond = & $median Empty PerSecond
        EmptyWrittenMiB = & $median Empty FirstPassWrittenMiB
        HeldPerSecond = & $median Held PerSecond
        HeldWrittenMiB = & $median Held FirstPassWrittenMiB
    } | ConvertTo-Json -Compress
}
finally {
    Remove-Item -Recurse -Force $work
}
