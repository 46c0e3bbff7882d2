<#
.SYNOPSIS
    Protect-KsefInvoice links-only with the Offline key on a PKCS#11 token (SoftHSM2) beside the same run with the key
    sealed in the store: 10,000 invoices each, runs interleaved (store, token, store, token…), median of each and the
    ratio. Each run is a fresh pwsh (bench/Protect.ps1, first pass and the third, warm) after its own kind's JIT profile.
    Each round also times the token alone (bench/TokenSigning.ps1: as many signatures over ready hashes, no invoice
    work), the most the token path could do. Figures only.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Size = 10000,
    [int] $Runs = 3
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchSupport.ps1')
$ModulePath = (Resolve-Path $ModulePath).Path
$library = @('/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so', '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so') |
    Where-Object { Test-Path $_ } | Select-Object -First 1
if (-not $library) { Write-Host '  (SoftHSM2 is not installed: no token benchmark; apt install softhsm2)'; return }

$work = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-bench-token-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory "$work/tokens", "$work/invoices" | Out-Null
$previous = $env:SOFTHSM2_CONF
try {
    # Read with the C library's getenv by SoftHSM in the child processes, which inherit it.
    Set-Content "$work/softhsm2.conf" "directories.tokendir = $work/tokens`nobjectstore.backend = file`nlog.level = ERROR"
    $env:SOFTHSM2_CONF = "$work/softhsm2.conf"
    $made = & softhsm2-util --init-token --free --label Bench --pin 1234 --so-pin 5678 2>&1
    if ($LASTEXITCODE -ne 0) { throw "softhsm2-util: $made" }

    $template = (Get-Content -Raw (Join-Path $PSScriptRoot '../spec/samples/invoice-template-fa-3.xml')).Replace('#nip#', '5265877635').
        Replace('<P_1>2025-09-01</P_1>', "<P_1>$(Get-PolishDate)</P_1>")
    for ($i = 0; $i -lt $Size; $i++) {
        [IO.File]::WriteAllText("$work/invoices/fv-$i.xml", $template.Replace('#invoice_number#', "FV/$i"))
    }
    Complete-DiskWrites
    $store = "$work/store/store.db"
    Invoke-BenchPwsh -NoProfile -NonInteractive -Command @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
New-KsefTestCertificate -StorePath '$store' -OrganizationName Bench -Nip 5265877635 -Usage Offline -Name InStore | Out-Null
New-KsefTestCertificate -StorePath '$store' -OrganizationName Bench -Nip 5265877635 -Usage Offline -Name OnToken -Pkcs11Library '$library' -TokenLabel Bench -Pin (ConvertTo-SecureString 1234 -AsPlainText -Force) -SavePin | Out-Null
"@ | Out-Null

    $results = @{ InStore = @(); OnToken = @(); TokenAlone = @() }
    # Run -1 is not counted: it leaves each kind of run pwsh's JIT profile of its own (in a cache folder of its own, which
    # pwsh follows on Linux), so that no run replays what the other kind compiled (see bench/Invoke-Benchmarks.ps1).
    for ($run = -1; $run -lt $Runs; $run++) {
        foreach ($entry in 'InStore', 'OnToken') {
            # Each run on a copy of the store as it was made, so that it queues the invoices anew rather than finding them
            # queued by the run before.
            $runStore = "$work/run-$run-$entry"
            Copy-Item -Recurse (Split-Path $store) $runStore
            $json = Invoke-InJitCache "$work/cache-$entry" {
                Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Protect.ps1') -ModulePath $ModulePath `
                    -InvoiceDirectory "$work/invoices" -StorePath "$runStore/store.db" -Certificate $entry -SkipSchemaValidation -Passes 3
            }
            Remove-Item -Recurse -Force $runStore
            if ($run -ge 0) { $results[$entry] += $json | Select-Object -Last 1 | ConvertFrom-Json }
        }
        $json = Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'TokenSigning.ps1') -ModulePath $ModulePath `
            -Pkcs11Library $library -TokenLabel Bench -Pin 1234 -Signatures $Size
        if ($run -ge 0) { $results.TokenAlone += $json | Select-Object -Last 1 | ConvertFrom-Json }
    }
    Write-Host ''
    Write-Host "Protect-KsefInvoice links only, EC P-256, no XSD, $Size invoices, $([Environment]::ProcessorCount) in parallel: the key in the store vs on a SoftHSM2 token ($Runs runs each, interleaved, median)"
    $medians = @{}
    foreach ($entry in 'InStore', 'OnToken') {
        $medians[$entry] = @{ First = Get-Median ($results[$entry] | ForEach-Object PerSecond); Warm = Get-Median ($results[$entry] | ForEach-Object WarmPerSecond) }
        $label = if ($entry -eq 'InStore') { 'key sealed in the store (baseline)' } else { 'key on the token (PKCS#11)' }
        Write-Host ("  {0,-36} first {1,7:N0}/s  warm {2,7:N0}/s   peak working set {3,5:N0} MiB" -f $label, $medians[$entry].First, $medians[$entry].Warm,
            (Get-Median ($results[$entry] | ForEach-Object PeakMiB)))
    }
    Write-Host ("  token / store: first {0:P0}, warm {1:P0}   (goal: at least 50%)" -f ($medians.OnToken.First / $medians.InStore.First), ($medians.OnToken.Warm / $medians.InStore.Warm))
    $alone = Get-Median ($results.TokenAlone | ForEach-Object PerSecond)
    Write-Host ("  the token alone, $Size signatures of ready hashes, nothing else: {0:N0}/s (the token path's ceiling; the token path warm is {1:P0} of it)" -f $alone, ($medians.OnToken.Warm / $alone))
}
finally {
    $env:SOFTHSM2_CONF = $previous
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
