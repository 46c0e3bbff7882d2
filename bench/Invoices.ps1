<#
.SYNOPSIS
    Send-KsefInvoice and Sync-KsefInvoice against the emulator on loopback (rate limits off, no processing delay).
.DESCRIPTION
    - Send-KsefInvoice of 1,000 invoices (three runs, each with its own numbers): invoices per second and client CPU per
      invoice; once more with -Wait (KSeF numbers back).
    - Sync-KsefInvoice of 1,000 and of 10,000 invoices into an empty folder: time and peak working set.
    Baselines in the same run: one bare POST /v2/auth/challenge on loopback, and Get-ChildItem over the same folder.
    Each run is a fresh pwsh. Figures only: nothing here passes or fails on speed.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $Work = (Join-Path ([IO.Path]::GetTempPath()) ('ksefps-bench-inv-' + [guid]::NewGuid().ToString('N').Substring(0, 8)))
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchSupport.ps1')
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath -Force

New-Item -ItemType Directory -Force $Work | Out-Null
$emulator = Start-KsefEmulator -ModulePath $ModulePath -Setting '--Emulator:AuthProcessingDelay=00:00:00', '--Emulator:RateLimits=false',
    '--Emulator:InvoiceProcessingDelay=00:00:00', '--Emulator:ExportProcessingDelay=00:00:00'
try {
    $apiUrl = $emulator.Url
    $store = Join-Path $Work 'store/store.db'
    $seller = New-KsefTestIdentifier
    $null = New-KsefTestCertificate -StorePath $store -OrganizationName 'Bench Seller' -Nip $seller -Name Seller
    $template = (Get-Content -Raw (Join-Path $PSScriptRoot '../spec/samples/invoice-template-fa-3.xml')).
        Replace('<P_1>2025-09-01</P_1>', "<P_1>$(Get-PolishDate)</P_1>")
    function Invoke-Run([string] $Mode, [string] $Directory, [string] $Nip, [string] $Certificate, [string] $StorePath = $store) {
        $json = Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'InvoiceRun.ps1') -ModulePath $ModulePath -ApiUrl $apiUrl `
            -StorePath $StorePath -Nip $Nip -Certificate $Certificate -Mode $Mode -Directory $Directory
        $json | Select-Object -Last 1 | ConvertFrom-Json
    }

    $http = [System.Net.Http.HttpClient]::new()
    $roundTrip = Get-Median (1..50 | ForEach-Object { (Measure-Command { $null = $http.PostAsync("$apiUrl/v2/auth/challenge", $null).GetAwaiter().GetResult() }).TotalMilliseconds })

    $sends = foreach ($run in 1..4) {
        $folder = New-Item -ItemType Directory (Join-Path $Work "send-$run")
        for ($i = 0; $i -lt 1000; $i++) {
            [IO.File]::WriteAllText((Join-Path $folder "fv-$i.xml"), $template.Replace('#nip#', $seller).Replace('#invoice_number#', "R$run-$i"))
        }
        Complete-DiskWrites
        Invoke-Run -Mode $(if ($run -eq 4) { 'SendWait' } else { 'Send' }) -Directory $folder -Nip $seller -Certificate Seller
    }
    $listing = Get-Median (1..5 | ForEach-Object { (Measure-Command { Get-ChildItem (Join-Path $Work 'send-1') -Filter *.xml | ForEach-Object { } }).TotalMilliseconds })
    Write-Host ''
    Write-Host 'Send-KsefInvoice of 1,000 invoices, emulator on loopback (rate limits off; each run a fresh pwsh; 3 runs, median)'
    Write-Host ('  {0,8:N0} invoices/s   client CPU {1,5:N2} ms per invoice   goal >= 100/s' -f (Get-Median ($sends[0..2].PerSecond)), (Get-Median ($sends[0..2].CpuMsPerItem)))
    Write-Host ('  with -Wait (all {0:N0} accepted with KSeF numbers): {1,8:N0} invoices/s   client CPU {2,5:N2} ms per invoice' -f $sends[3].Invoices, $sends[3].PerSecond, $sends[3].CpuMsPerItem)
    Write-Host ('  baseline: one bare POST /v2/auth/challenge {0:N2} ms; Get-ChildItem of the 1,000 files {1:N1} ms' -f $roundTrip, $listing)

    Write-Host ''
    Write-Host 'Sync-KsefInvoice into an empty folder (each run a fresh pwsh and a fresh high-water mark; 3 runs, median)'
    foreach ($size in 1000, 10000) {
        $buyer = New-KsefTestIdentifier
        $buyerStore = Join-Path $Work "sync-$size/store.db"
        $null = New-KsefTestCertificate -StorePath $buyerStore -GivenName Bench -Surname Buyer -Nip $buyer -Name Buyer
        $xml = $template.Replace('#nip#', $seller).Replace('<NIP>1111111111</NIP>', "<NIP>$buyer</NIP>").Replace('#invoice_number#', "S$size-{n}")
        $null = Invoke-RestMethod -Method Post -Uri "$apiUrl/emulator/invoices" -ContentType 'application/json' -Body (@{ xml = $xml; count = $size } | ConvertTo-Json)
        $runs = foreach ($run in 1..3) {
            $runStore = Join-Path $Work "sync-$size/run-$run/store.db"
            New-Item -ItemType Directory (Split-Path $runStore) | Out-Null
            Copy-Item "$buyerStore*" (Split-Path $runStore)
            Copy-Item (Join-Path (Split-Path $buyerStore) '*.key') (Split-Path $runStore) -ErrorAction SilentlyContinue
            Invoke-Run -Mode Sync -Directory (Join-Path $Work "sync-$size/run-$run/inbox") -Nip $buyer -Certificate Buyer -StorePath $runStore
        }
        Write-Host ('  {0,6:N0} invoices: {1,6:N1} s ({2,6:N0} invoices/s)   peak working set {3,5:N0} MiB   client CPU {4,5:N2} ms per invoice' -f
            (Get-Median ($runs | ForEach-Object Invoices)), (Get-Median $runs.Seconds), (Get-Median $runs.PerSecond), (Get-Median $runs.PeakMiB), (Get-Median $runs.CpuMsPerItem))
    }
}
finally {
    Stop-KsefEmulator $emulator
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}
