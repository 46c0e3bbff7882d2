<#
.SYNOPSIS
    Send-KsefInvoice of 10,000 invoices through batch sessions, against the emulator with production's rate limits on.
.DESCRIPTION
    - 1,000 and 10,000 invoices made from the official FA(3) sample, Get-ChildItem <folder>/*.xml | Send-KsefInvoice -Wait: wall time
      until every invoice has its KSeF number, API requests per rate-limit group and 429 answers (counted by the
      emulator), peak working set. Three runs each, each a fresh pwsh with its own store and seller.
    - Baselines in the same run: packaging and encrypting the same 10,000 files alone with the BCL (the floor), and 30
      invoices with -Mode Online (one minute's worth under the limits), from which the hours 10,000 would need online
      at 180 an hour follow.
    Figures only: nothing here passes or fails on speed.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $Work = (Join-Path ([IO.Path]::GetTempPath()) ('ksefps-bench-batch-' + [guid]::NewGuid().ToString('N').Substring(0, 8))),
    [int] $Runs = 3
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchSupport.ps1')
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath -Force

New-Item -ItemType Directory -Force $Work | Out-Null
# Production's rate limits (the emulator's default) and its default processing delays.
$emulator = Start-KsefEmulator -ModulePath $ModulePath
try {
    $apiUrl = $emulator.Url
    $template = (Get-Content -Raw (Join-Path $PSScriptRoot '../spec/samples/invoice-template-fa-3.xml')).
        Replace('<P_1>2025-09-01</P_1>', "<P_1>$(Get-PolishDate)</P_1>")
    function New-Seller([string] $Name) {
        $store = Join-Path $Work "$Name/store.db"
        $nip = New-KsefTestIdentifier
        $null = New-KsefTestCertificate -StorePath $store -OrganizationName 'Bench Seller' -Nip $nip -Name Seller
        [pscustomobject]@{ Store = $store; Nip = $nip }
    }
    function New-Folder([string] $Name, [string] $Nip, [int] $Count) {
        $folder = New-Item -ItemType Directory (Join-Path $Work $Name)
        $xml = $template.Replace('#nip#', $Nip)
        for ($i = 0; $i -lt $Count; $i++) { [IO.File]::WriteAllText((Join-Path $folder "fv-$i.xml"), $xml.Replace('#invoice_number#', "$Name-$i")) }
        Complete-DiskWrites
        $folder.FullName
    }
    function Invoke-Run([string] $Mode, [string] $Directory, $Seller) {
        $json = Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'InvoiceRun.ps1') -ModulePath $ModulePath -ApiUrl $apiUrl `
            -StorePath $Seller.Store -Nip $Seller.Nip -Certificate Seller -Mode $Mode -Directory $Directory
        $json | Select-Object -Last 1 | ConvertFrom-Json
    }
    function Get-Limits { $counts = @{}; (Invoke-RestMethod "$apiUrl/emulator/rate-limits").PSObject.Properties | ForEach-Object { $counts[$_.Name] = $_.Value }; $counts }

    Write-Host ''
    Write-Host "Send-KsefInvoice -Wait through batch sessions, emulator on loopback with production's rate limits ($Runs runs each, median; each a fresh pwsh)"
    $results = @{}
    foreach ($size in 1000, 10000) {
        $results[$size] = foreach ($run in 1..$Runs) {
            $seller = New-Seller "b$size-$run"
            $folder = New-Folder "f$size-$run" $seller.Nip $size
            $before = Get-Limits
            $measured = Invoke-Run -Mode SendWait -Directory $folder -Seller $seller
            $after = Get-Limits
            $measured | Add-Member Requests ($after.Keys | Where-Object { $_ -ne 'auth' } | ForEach-Object {
                $admitted = $after[$_].admitted - $(if ($before[$_]) { $before[$_].admitted } else { 0 })
                $refused = $after[$_].refused - $(if ($before[$_]) { $before[$_].refused } else { 0 })
                if ($admitted + $refused -gt 0) { [pscustomobject]@{ Group = $_; Admitted = $admitted; Refused = $refused } }
            })
            $measured
            Remove-Item -Recurse -Force $folder
        }
        $median = Get-Median $results[$size].Seconds
        $last = $results[$size][-1]
        Write-Host ('  {0,6:N0} invoices: {1,6:N1} s until every KSeF number ({2,6:N0} invoices/s)   peak working set {3,5:N0} MiB   client CPU {4,5:N2} ms per invoice   accepted {5:N0}' -f
            $size, $median, (Get-Median $results[$size].PerSecond), (Get-Median $results[$size].PeakMiB), (Get-Median $results[$size].CpuMsPerItem), $last.Invoices)
        Write-Host ('           requests per group (last run): {0}; 429 answers in all runs: {1}' -f
            (($last.Requests | ForEach-Object { "$($_.Group) $($_.Admitted)" }) -join ', '), (($results[$size] | ForEach-Object { $_.Requests } | Measure-Object Refused -Sum).Sum))
    }
    # The same sends listed with -Filter, and given the folder itself, and each listing alone: how much of the growth is
    # PowerShell's own listing.
    $filtered = @{}; $listing = @{}; $listingFiltered = @{}; $byFolder = @{}
    foreach ($size in 1000, 10000) {
        $filtered[$size] = foreach ($run in 1..$Runs) {
            $seller = New-Seller "p$size-$run"
            $folder = New-Folder "g$size-$run" $seller.Nip $size
            Invoke-Run -Mode SendWaitFilter -Directory $folder -Seller $seller
            Remove-Item -Recurse -Force $folder
            $seller = New-Seller "f$size-$run"
            $folder = New-Folder "h$size-$run" $seller.Nip $size
            $byFolder[$size] += @(Invoke-Run -Mode SendWaitFolder -Directory $folder -Seller $seller)
            $listing[$size] += @(Invoke-Run -Mode ListOnly -Directory $folder -Seller $seller)
            $listingFiltered[$size] += @(Invoke-Run -Mode ListOnlyFilter -Directory $folder -Seller $seller)
            Remove-Item -Recurse -Force $folder
        }
    }
    Write-Host ('  the same listed with Get-ChildItem <folder> -Filter *.xml: 1,000 {0:N0} MiB, 10,000 {1:N0} MiB ({2:+0.0;-0.0}%); {3:N1} s for 10,000' -f
        (Get-Median $filtered[1000].PeakMiB), (Get-Median $filtered[10000].PeakMiB),
        (((Get-Median $filtered[10000].PeakMiB) - (Get-Median $filtered[1000].PeakMiB)) / (Get-Median $filtered[1000].PeakMiB) * 100), (Get-Median $filtered[10000].Seconds))
    Write-Host ('  the same given the folder itself (Send-KsefInvoice <folder> -Wait): 1,000 {0:N0} MiB, 10,000 {1:N0} MiB ({2:+0.0;-0.0}%); {3:N1} s for 10,000' -f
        (Get-Median $byFolder[1000].PeakMiB), (Get-Median $byFolder[10000].PeakMiB),
        (((Get-Median $byFolder[10000].PeakMiB) - (Get-Median $byFolder[1000].PeakMiB)) / (Get-Median $byFolder[1000].PeakMiB) * 100), (Get-Median $byFolder[10000].Seconds))
    Write-Host ('  baseline: the listing alone, fresh pwsh: <folder>/*.xml 1,000 {0:N0} MiB, 10,000 {1:N0} MiB; -Filter *.xml 1,000 {2:N0} MiB, 10,000 {3:N0} MiB' -f
        (Get-Median $listing[1000].PeakMiB), (Get-Median $listing[10000].PeakMiB), (Get-Median $listingFiltered[1000].PeakMiB), (Get-Median $listingFiltered[10000].PeakMiB))
    $peak1k = Get-Median $results[1000].PeakMiB
    $peak10k = Get-Median $results[10000].PeakMiB
    Write-Host ('  peak working set 1,000 -> 10,000: {0:N0} -> {1:N0} MiB ({2:+0.0;-0.0}%; goal within 10%)' -f $peak1k, $peak10k, (($peak10k - $peak1k) / $peak1k * 100))

    $floorSeller = New-Seller 'floor'
    $floorFolder = New-Folder 'floor-files' $floorSeller.Nip 10000
    $floor = 1..$Runs | ForEach-Object { Invoke-Run -Mode PackageFloor -Directory $floorFolder -Seller $floorSeller }
    Write-Host ('  baseline: packaging and encrypting the same 10,000 files alone (BCL TarGz + AES, no checks, no KSeF): {0,5:N1} s, peak {1:N0} MiB' -f
        (Get-Median $floor.Seconds), (Get-Median $floor.PeakMiB))

    $onlineSeller = New-Seller 'online'
    $onlineFolder = New-Folder 'online-files' $onlineSeller.Nip 30
    $online = Invoke-Run -Mode SendOnlineWait -Directory $onlineFolder -Seller $onlineSeller
    Write-Host ('  baseline: 30 invoices with -Mode Online -Wait: {0,5:N1} s (accepted {1}); at 180 an hour, 10,000 online need {2:N1} h' -f
        $online.Seconds, $online.Invoices, (10000 / 180))
}
finally {
    Stop-KsefEmulator $emulator
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}
