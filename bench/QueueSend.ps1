<#
.SYNOPSIS
    The offline queue sent once KSeF is back: -Count invoices protected into a fresh store, then
    `Get-KsefOfflineInvoice | Send-KsefInvoice -Wait` against the emulator (production's rate limits, its own processing
    delays), timed until every entry has its KSeF number in the queue. Run with bench/SlowFlush.c preloaded it shows
    what recording those numbers costs on a disk whose every flush takes time.
    Prints one line of JSON: invoices, seconds for the send, seconds until the first result, entries left unsent.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Count = 1000
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchSupport.ps1')
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath
$work = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-queue-send-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory (Join-Path $work 'invoices') | Out-Null
$PSDefaultParameterValues['*-Ksef*:StorePath'] = Join-Path $work 'store/store.db'
$emulator = Start-KsefEmulator -ModulePath $ModulePath
try {
    $nip = New-KsefTestIdentifier
    $null = New-KsefTestCertificate -OrganizationName 'Bench Seller' -Nip $nip -Name Seller
    $null = New-KsefTestCertificate -OrganizationName 'Bench Seller' -Nip $nip -Usage Offline -Name Offline
    $template = (Get-Content -Raw (Join-Path $PSScriptRoot '../spec/samples/invoice-template-fa-3.xml')).Replace('#nip#', $nip).
        Replace('<P_1>2025-09-01</P_1>', "<P_1>$(Get-PolishDate)</P_1>")
    for ($i = 0; $i -lt $Count; $i++) {
        [IO.File]::WriteAllText((Join-Path $work "invoices/fv-$i.xml"), $template.Replace('#invoice_number#', "Q-$i"))
    }
    $null = Protect-KsefInvoice (Join-Path $work 'invoices') -Certificate Offline
    $null = Connect-Ksef -ApiUrl $emulator.Url -Nip $nip -Certificate Seller
    Complete-DiskWrites
    $first = $null
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $sent = @(Get-KsefOfflineInvoice | Send-KsefInvoice -Wait | ForEach-Object { if ($null -eq $first) { $first = $watch.Elapsed.TotalSeconds }; $_ })
    $watch.Stop()
    [pscustomobject]@{
        Invoices = $sent.Count
        Seconds = $watch.Elapsed.TotalSeconds
        FirstResultSeconds = $first
        LeftUnsent = @(Get-KsefOfflineInvoice).Count
    } | ConvertTo-Json -Compress
}
finally {
    Disconnect-Ksef -ErrorAction SilentlyContinue
    Stop-KsefEmulator $emulator
    Remove-Item -Recurse -Force $work
}
