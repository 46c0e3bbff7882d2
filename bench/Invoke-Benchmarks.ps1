<#
.SYNOPSIS
    Benchmarks of the certificate store and cmdlets. Prints medians with the machine and the same-run baselines.
.DESCRIPTION
    - Import-Module cold: a fresh pwsh importing out/KsefPS and opening the store, minus a bare pwsh -NoProfile -c exit.
    - New-KsefTestCertificate, EC P-256 and RSA-2048 (warm, in one process).
    - Get-KsefCertificate over 1,000 stored certificates.
    - Unlock-KsefStore with the Argon2id parameters of the store (baseline: one SHA-256 PBKDF2 at 600,000 iterations).
    - Connect-Ksef and Protect-KsefInvoice (see the sections below; bench/QrCodes.ps1 for the QR encoder alone beside
      QRCoder, bench/InvoiceCheck.ps1 for the invoice check alone beside XmlReader, bench/EngineProtect.ps1 for the
      cmdlet's engine without PowerShell, with and without its offline queue, bench/HeadToHead.ps1 for the cmdlet and the
      official client's steps run in turns, bench/SettledSession.ps1 for both in one pwsh once .NET has stopped compiling,
      bench/QueueGrowth.ps1 for a run into a queue that holds many sent invoices,
      bench/TokenProtect.ps1 for the key on a SoftHSM2 token beside the key in the store and the token alone
      (bench/TokenSigning.ps1), bench/QueueSend.ps1 for the offline queue sent on a slow disk), then bench/Invoices.ps1
      (Send and Sync) and bench/Batch.ps1 (10,000 invoices through batch sessions under production's rate limits).
    Figures only: nothing here passes or fails on speed.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $ColdRuns = 11,
    [int] $Runs = 21
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchSupport.ps1')
$ModulePath = (Resolve-Path $ModulePath).Path

function Measure-Ms([scriptblock] $Block) { (Measure-Command $Block).TotalMilliseconds }
function Format-Ms([double] $Ms) { '{0,8:N1} ms' -f $Ms }

$cpu = (Get-Content /proc/cpuinfo -ErrorAction SilentlyContinue | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
Write-Host "Machine: $cpu, $([Environment]::ProcessorCount) cores, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription), PowerShell $($PSVersionTable.PSVersion)"

$work = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-bench-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory $work | Out-Null
try {
    # --- Import-Module, cold process -------------------------------------------------------------------------
    # Baselines: a bare pwsh, and a pwsh importing an empty manifest module (what any module import costs PowerShell).
    $emptyModule = Join-Path $work 'EmptyModule'
    New-Item -ItemType Directory $emptyModule | Out-Null
    Set-Content (Join-Path $emptyModule 'EmptyModule.psd1') "@{ ModuleVersion = '1.0'; GUID = '$([guid]::NewGuid())'; CmdletsToExport = @(); FunctionsToExport = @() }"
    $importStore = Join-Path $work 'import/store.db'
    $bare = @(); $empty = @(); $import = @(); $importAndStore = @()
    for ($i = 0; $i -lt $ColdRuns; $i++) {
        $bare += Measure-Ms { Invoke-ChildPwsh -NoProfile -NonInteractive -Command 'exit' }
        $empty += Measure-Ms { Invoke-ChildPwsh -NoProfile -NonInteractive -Command "Import-Module '$emptyModule'" }
        $import += Measure-Ms { Invoke-ChildPwsh -NoProfile -NonInteractive -Command "Import-Module '$ModulePath'" }
        $importAndStore += Measure-Ms { Invoke-ChildPwsh -NoProfile -NonInteractive -Command "Import-Module '$ModulePath'; `$null = Get-KsefStore -StorePath '$importStore'" }
    }
    $bareMedian = Get-Median $bare
    $emptyMedian = Get-Median $empty
    Write-Host ''
    Write-Host "Import-Module, cold process ($ColdRuns runs each, interleaved)"
    Write-Host "  bare pwsh -NoProfile -c exit   $(Format-Ms $bareMedian)  (baseline)"
    Write-Host "  Import-Module of an empty module $(Format-Ms $emptyMedian)   +$(Format-Ms ($emptyMedian - $bareMedian))   (PowerShell's own cost of any import)"
    Write-Host "  Import-Module KsefPS           $(Format-Ms (Get-Median $import))   +$(Format-Ms ((Get-Median $import) - $bareMedian))   goal <= 150 ms; +$(Format-Ms ((Get-Median $import) - $emptyMedian)) over the empty module"
    Write-Host "  Import-Module + open store     $(Format-Ms (Get-Median $importAndStore))   +$(Format-Ms ((Get-Median $importAndStore) - $bareMedian))   (first SQLite use: native load)"

    # --- Certificate generation ---------------------------------------------------------------------------------
    Import-Module $ModulePath -Force
    $store = Join-Path $work 'gen/store.db'
    $null = Get-KsefStore -StorePath $store
    $ec = @(); $rsa = @()
    for ($i = 0; $i -le $Runs; $i++) {
        $e = Measure-Ms { New-KsefTestCertificate -StorePath $store -GivenName B -Surname E -Nip 5265877635 -Name "ec$i" }
        $r = Measure-Ms { New-KsefTestCertificate -StorePath $store -GivenName B -Surname E -Nip 5265877635 -Name "rsa$i" -KeyAlgorithm Rsa2048 }
        if ($i -gt 0) { $ec += $e; $rsa += $r } # the first run pays JIT
    }
    Write-Host ''
    Write-Host "New-KsefTestCertificate, warm ($Runs runs; key generation, signing, sealing, one SQLite write)"
    Write-Host "  EcP256                         $(Format-Ms (Get-Median $ec))"
    Write-Host "  Rsa2048                        $(Format-Ms (Get-Median $rsa))"

    # --- Listing 1,000 --------------------------------------------------------------------------------------------
    $listStore = Join-Path $work 'list/store.db'
    for ($i = 0; $i -lt 1000; $i++) { $null = New-KsefTestCertificate -StorePath $listStore -GivenName L -Surname S -Nip (New-KsefTestIdentifier) -Name "list$i" }
    $list = @()
    for ($i = 0; $i -le $Runs; $i++) {
        $ms = Measure-Ms { $script:count = @(Get-KsefCertificate -StorePath $listStore).Count }
        if ($i -gt 0) { $list += $ms }
    }
    $formatted = @()
    for ($i = 0; $i -lt 5; $i++) { $formatted += Measure-Ms { $null = Get-KsefCertificate -StorePath $listStore | Out-String } }
    Write-Host ''
    Write-Host "Get-KsefCertificate over $count stored certificates ($Runs runs)"
    Write-Host "  objects                        $(Format-Ms (Get-Median $list))   goal <= 200 ms"
    Write-Host "  formatted as the table         $(Format-Ms (Get-Median $formatted))"

    # --- Connect-Ksef against the emulator ---------------------------------------------------------------------
    $emulator = Start-KsefEmulator -ModulePath $ModulePath -Setting '--Emulator:AuthProcessingDelay=00:00:00', '--Emulator:RateLimits=false'
    try {
        $apiUrl = $emulator.Url
        $connectStore = Join-Path $work 'connect/store.db'
        $nip = New-KsefTestIdentifier
        $null = New-KsefTestCertificate -StorePath $connectStore -GivenName C -Surname B -Nip $nip -Name BenchEc
        $null = New-KsefTestCertificate -StorePath $connectStore -GivenName C -Surname B -Nip $nip -Name BenchRsa -KeyAlgorithm Rsa2048
        $http = [System.Net.Http.HttpClient]::new()
        foreach ($certificate in 'BenchEc', 'BenchRsa') {
            $total = @(); $signing = @(); $httpMs = @(); $waiting = @(); $roundTrip = @()
            for ($i = 0; $i -lt 22; $i++) {
                $ms = Measure-Ms { $script:session = Connect-Ksef -StorePath $connectStore -ApiUrl $apiUrl -Nip $nip -Certificate $certificate }
                $roundTrip += Measure-Ms { $null = $http.PostAsync("$($apiUrl)/v2/auth/challenge", $null).GetAwaiter().GetResult() }
                $t = $script:session.LastAuthenticationTimings
                Disconnect-Ksef -Session $script:session
                if ($i -ge 2) { $total += $ms; $signing += $t.Signing.TotalMilliseconds; $httpMs += $t.Http.TotalMilliseconds; $waiting += $t.Waiting.TotalMilliseconds }
            }
            Write-Host ''
            Write-Host "Connect-Ksef -Certificate $certificate against the emulator on loopback, zero processing delay (20 warm runs)"
            Write-Host "  end to end                     $(Format-Ms (Get-Median $total))   goal <= 100 ms"
            Write-Host "  signing (request + XAdES)      $(Format-Ms (Get-Median $signing))   goal <= 5 ms for EC"
            Write-Host "  HTTP (6 round trips)           $(Format-Ms (Get-Median $httpMs))"
            Write-Host "  waiting between polls          $(Format-Ms (Get-Median $waiting))"
            Write-Host "  one bare POST /auth/challenge  $(Format-Ms (Get-Median $roundTrip))   (baseline)"
        }
    }
    finally {
        Stop-KsefEmulator $emulator
    }

    # --- Protect-KsefInvoice ------------------------------------------------------------------------------------
    $template = Get-Content -Raw (Join-Path $PSScriptRoot '../spec/samples/invoice-template-fa-3.xml')
    $template = $template.Replace('#nip#', '5265877635').Replace('<P_1>2025-09-01</P_1>', "<P_1>$(Get-PolishDate)</P_1>")
    $protectStore = Join-Path $work 'protect/store.db'
    $null = New-KsefTestCertificate -StorePath $protectStore -OrganizationName Bench -Nip 5265877635 -Usage Offline -Name OfflineEc
    $null = New-KsefTestCertificate -StorePath $protectStore -OrganizationName Bench -Nip 5265877635 -Usage Offline -Name OfflineRsa -KeyAlgorithm Rsa2048
    foreach ($size in 1000, 10000) {
        $folder = Join-Path $work "invoices-$size"
        New-Item -ItemType Directory $folder | Out-Null
        for ($i = 0; $i -lt $size; $i++) {
            [System.IO.File]::WriteAllText((Join-Path $folder "fv-$i.xml"), $template.Replace('#invoice_number#', "FV/$i"))
        }
    }
    Complete-DiskWrites
    function Measure-Protect([int] $Size, [string] $Certificate, [switch] $Images, [string] $Source = 'Folder', [switch] $Skip, [switch] $Baseline, [int] $Passes = 3, [string] $Consumer = 'ForEachObject') {
        $extra = @('-Source', $Source, '-Passes', $Passes, '-Consumer', $Consumer)
        if ($Images) { $extra += @('-OutputDirectory', (Join-Path $work "qr-$Size-$Certificate")) }
        if ($Skip) { $extra += '-SkipSchemaValidation' }
        if ($Baseline) { $extra += '-Baseline' }
        $json = Invoke-OnStoreCopy $protectStore { param($storePath) Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Protect.ps1') `
            -ModulePath $ModulePath -InvoiceDirectory (Join-Path $work "invoices-$Size") -StorePath $storePath -Certificate $Certificate @extra }
        $json | Select-Object -Last 1 | ConvertFrom-Json
    }
    # pwsh replays, on a thread of its own, what the previous non-interactive pwsh of the same user compiled (its
    # multicore JIT profile, in its cache folder): after the same script that thread compiles what the run needs, after
    # another script it competes with the run for the cores. So each row gets a cache folder of its own (XDG_CACHE_HOME,
    # which pwsh follows on Linux) and a first run that is not counted: every counted run then meets its own script's
    # profile, as a scheduled task with a cache folder of its own does. JitProfile None counts runs with no profile (the
    # first run ever), Other runs after another script (bench/LinkBaseline.ps1, which compiles C# with Add-Type).
    $otherProfile = $null
    if ($IsLinux) {
        $null = Invoke-InJitCache (Join-Path $work 'cache-other') {
            Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'LinkBaseline.ps1') -InvoiceDirectory (Join-Path $work 'invoices-1000') }
        $otherProfile = Join-Path $work 'cache-other/powershell/StartupProfileData-NonInteractive'
    }
    # Not $Run: a script block sees the variables of the function that calls it, and the rows' loop variable is $run.
    function Invoke-Counted([string] $Cache, [string] $JitProfile = 'Own', [scriptblock] $Measure) {
        if (-not $IsLinux) { return 1..3 | ForEach-Object { & $Measure } }
        $cacheFolder = Join-Path $work "cache-$Cache"
        Invoke-InJitCache $cacheFolder {
            $null = & $Measure
            $profileFile = Join-Path $cacheFolder 'powershell/StartupProfileData-NonInteractive'
            foreach ($i in 1..3) {
                if ($JitProfile -eq 'None') { Remove-Item $profileFile -ErrorAction SilentlyContinue }
                if ($JitProfile -eq 'Other') { Copy-Item $otherProfile $profileFile }
                & $Measure
            }
        }
    }
    $protectRuns = @(
        @{ Size = 10000; Certificate = 'OfflineEc'; Skip = $true; Label = 'links only, EC, no XSD' }
        @{ Size = 10000; Certificate = 'OfflineEc'; Label = 'links only, EC, XSD checked' }
        @{ Size = 10000; Certificate = 'OfflineRsa'; Skip = $true; Label = 'links only, RSA-2048, no XSD' }
        @{ Size = 10000; Certificate = 'OfflineEc'; Images = $true; Label = 'PNG images, EC, XSD checked' }
        @{ Size = 1000; Certificate = 'OfflineEc'; Images = $true; Label = 'PNG images, EC, XSD checked' }
        @{ Size = 1000; Certificate = 'OfflineEc'; Skip = $true; Label = 'links only, EC, no XSD' }
        # The same in a longer-lived session: "warm" is then the tenth pass (.NET is still compiling code called a few
        # times a call then; bench/SettledSession.ps1 measures once it has stopped).
        @{ Size = 10000; Certificate = 'OfflineEc'; Skip = $true; Label = 'links only, EC, no XSD, 10th pass'; Passes = 10 }
        # The results kept in a variable rather than each handed to a script block: what the official client's loop (and
        # the bare loop below) does with its links.
        @{ Size = 10000; Certificate = 'OfflineEc'; Skip = $true; Label = 'links only, EC, no XSD, into a variable'; Consumer = 'Variable' }
        @{ Size = 10000; Certificate = 'OfflineEc'; Skip = $true; Label = 'the same, 10th pass'; Consumer = 'Variable'; Passes = 10 }
        # The first pass after no profile and after another script's (see Invoke-Counted).
        @{ Size = 10000; Certificate = 'OfflineEc'; Skip = $true; Label = 'links only, no JIT profile'; JitProfile = 'None' }
        @{ Size = 10000; Certificate = 'OfflineEc'; Skip = $true; Label = 'the same, into a variable'; Consumer = 'Variable'; JitProfile = 'None' }
        @{ Size = 10000; Certificate = 'OfflineEc'; Skip = $true; Label = 'links only, another script''s profile'; JitProfile = 'Other' }
        @{ Size = 10000; Certificate = 'OfflineEc'; Skip = $true; Label = 'the same, into a variable'; Consumer = 'Variable'; JitProfile = 'Other' }
        @{ Size = 10000; Certificate = 'OfflineEc'; Skip = $true; Label = 'links only, EC, no XSD, piped strings'; Source = 'Paths' }
        @{ Size = 10000; Certificate = 'OfflineEc'; Skip = $true; Label = 'links only, EC, no XSD, piped gci'; Source = 'GetChildItem' }
        @{ Size = 10000; Certificate = 'OfflineEc'; Label = 'baseline: Get-ChildItem alone'; Source = 'GetChildItem'; Baseline = $true }
    )
    Write-Host ''
    Write-Host "Protect-KsefInvoice <folder> ($([Environment]::ProcessorCount) in parallel; each run a fresh pwsh doing 3 passes: the first pass, then the third (warm), or 10 passes and the tenth; every pass queues invoices new to its store; 3 runs after its own script's JIT profile unless the row says otherwise, median)"
    $rowNumber = 0
    foreach ($run in $protectRuns) {
        if ($run.JitProfile -and -not $IsLinux) { continue }
        $source = if ($run.Source) { $run.Source } else { 'Folder' }
        $rowNumber++
        $results = Invoke-Counted -Cache "row-$rowNumber" -JitProfile $(if ($run.JitProfile) { $run.JitProfile } else { 'Own' }) -Measure {
            Measure-Protect -Size $run.Size -Certificate $run.Certificate -Images:$run.Images -Source $source -Skip:$run.Skip -Baseline:$run.Baseline -Passes $(if ($run.Passes) { $run.Passes } else { 3 }) -Consumer $(if ($run.Consumer) { $run.Consumer } else { 'ForEachObject' })
        }
        $rate = Get-Median ($results | ForEach-Object PerSecond)
        $warm = Get-Median ($results | ForEach-Object WarmPerSecond)
        $peak = Get-Median ($results | ForEach-Object PeakMiB)
        $retained = Get-Median ($results | ForEach-Object RetainedMiB)
        $written = Get-Median ($results | ForEach-Object FirstPassWrittenMiB)
        Write-Host ("  {0,6:N0} invoices, {1,-38} first {2,7:N0}/s  warm {3,7:N0}/s   peak working set {4,5:N0} MiB   heap retained {5,5:N1} MiB   first pass wrote {6,5:N1} MiB" -f $run.Size, $run.Label, $rate, $warm, $peak, $retained, $written)
        if ($run.Label -eq 'links only, EC, no XSD' -and $run.Size -eq 10000) { $linksOnly = @{ First = $rate; Warm = $warm } }
        if ($run.Passes -eq 10 -and -not $run.Consumer) { $linksOnly.Tenth = $warm }
        if ($run.Consumer -and $run.Passes -ne 10 -and -not $run.JitProfile) { $kept = @{ First = $rate; Warm = $warm } }
        if ($run.Consumer -and $run.Passes -eq 10) { $kept.Tenth = $warm }
        if ($run.Images -and $run.Size -eq 10000) { $png = @{ First = $rate; Warm = $warm } }
    }
    # Two loops beside the same files: the least a client can do, and the official client's own steps (bench/LinkBaseline.ps1).
    function Measure-LinkLoop([string] $Steps) {
        $runs = Invoke-Counted -Cache "loop-$Steps" -Measure { Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'LinkBaseline.ps1') -Steps $Steps -InvoiceDirectory (Join-Path $work 'invoices-10000') | Select-Object -Last 1 | ConvertFrom-Json }
        @{ First = Get-Median ($runs | ForEach-Object FirstPass); Warm = Get-Median ($runs | ForEach-Object WarmPass) }
    }
    $floor = Measure-LinkLoop Floor
    $client = Measure-LinkLoop Client
    Write-Host ("  baseline: a bare link loop (read, SHA-256, two links, ECDSA with a key per thread; no checks; Parallel.ForEach) first {0,7:N0}/s  warm {1,7:N0}/s" -f $floor.First, $floor.Warm)
    Write-Host ("  baseline: the official client's steps (the same, with its Base64 round trips and the key taken from the certificate per signature) first {0,7:N0}/s  warm {1,7:N0}/s" -f $client.First, $client.Warm)
    function Measure-Engine([string] $Cache, [switch] $WithoutQueue) {
        # Written "-WithoutQueue:$value", the switch reaches the child pwsh as text it does not bind: it is passed only when set.
        $extra = @(if ($WithoutQueue) { '-WithoutQueue' })
        Invoke-Counted -Cache $Cache -Measure {
            Invoke-OnStoreCopy $protectStore { param($storePath) Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'EngineProtect.ps1') `
                -ModulePath $ModulePath -InvoiceDirectory (Join-Path $work 'invoices-10000') -StorePath $storePath -Certificate OfflineEc @extra } |
                Select-Object -Last 1 | ConvertFrom-Json
        }
    }
    $engine = Measure-Engine 'engine'
    $engineFirst = Get-Median ($engine | ForEach-Object FirstPass)
    $engineWarm = Get-Median ($engine | ForEach-Object WarmPass)
    Write-Host ("  baseline: the engine alone (KsefPS.Core called from C#: the same checks, links and queue; no cmdlet, no pipeline) first {0,7:N0}/s  warm {1,7:N0}/s; against the official client's steps: first {2:P0}, warm {3:P0}; the cmdlet (links only, EC, no XSD) against it: first {4:P0}, warm {5:P0}" -f `
        $engineFirst, $engineWarm, ($engineFirst / $client.First), ($engineWarm / $client.Warm), ($linksOnly.First / $engineFirst), ($linksOnly.Warm / $engineWarm))
    $unrecorded = Measure-Engine 'engine-unrecorded' -WithoutQueue
    $unrecordedFirst = Get-Median ($unrecorded | ForEach-Object FirstPass)
    $unrecordedWarm = Get-Median ($unrecorded | ForEach-Object WarmPass)
    Write-Host ("  the engine recording nothing (no offline queue: what the queue costs) first {0,7:N0}/s  warm {1,7:N0}/s; against the official client's steps: first {2:P0}, warm {3:P0}" -f `
        $unrecordedFirst, $unrecordedWarm, ($unrecordedFirst / $client.First), ($unrecordedWarm / $client.Warm))
    foreach ($case in @(@{ Label = 'links only (EC, no XSD), results to ForEach-Object'; Rates = $linksOnly }, @{ Label = 'the same, results kept in a variable'; Rates = $kept })) {
        $r = $case.Rates
        Write-Host ("  {0}: against the official client's steps first {1:P0}, warm {2:P0}; against the bare loop first {3:P0}, warm {4:P0}, 10th pass {5:P0}; against the 19,600/s the issue measured: first {6:P0}, warm {7:P0}, 10th pass {8:P0}" -f `
            $case.Label, ($r.First / $client.First), ($r.Warm / $client.Warm), ($r.First / $floor.First), ($r.Warm / $floor.Warm), ($r.Tenth / $floor.Warm), ($r.First / 19600), ($r.Warm / 19600), ($r.Tenth / 19600))
    }
    Write-Host ("  PNG images (10,000, EC, XSD checked) against the 566/s first and 732/s warm measured with QRCoder before our own encoder: first {0:P0}, warm {1:P0}" -f `
        ($png.First / 566), ($png.Warm / 732))
    # The goal's ratio once more, the cmdlet's runs and the client's in turns: rows minutes apart drift with the host.
    Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'HeadToHead.ps1') -ModulePath $ModulePath `
        -InvoiceDirectory (Join-Path $work 'invoices-10000')
    # Both again in one long-lived pwsh, once .NET has stopped compiling (docs/performance.md, "A warm session").
    Invoke-OnStoreCopy $protectStore { param($storePath) Invoke-InJitCache (Join-Path $work 'cache-settled') {
        Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'SettledSession.ps1') -ModulePath $ModulePath `
            -InvoiceDirectory (Join-Path $work 'invoices-10000') -StorePath $storePath -Certificate OfflineEc } }
    # Every fsync 5 ms slower, as on a disk that really writes (this machine's flushes cost next to nothing): what
    # recording results in the offline queue costs a run. Linux with gcc only: an LD_PRELOAD shim (bench/SlowFlush.c).
    if ($IsLinux -and (Get-Command gcc -ErrorAction SilentlyContinue)) {
        $shim = Join-Path $work 'slowflush.so'
        & gcc -shared -fPIC -O2 -o $shim (Join-Path $PSScriptRoot 'SlowFlush.c') -ldl
        $pairs = Invoke-Counted -Cache 'flush' -Measure {
            $fast = (Measure-Protect -Size 10000 -Certificate OfflineEc -Skip -Passes 1).PerSecond
            $env:LD_PRELOAD = $shim
            try { [pscustomobject]@{ Fast = $fast; Slow = (Measure-Protect -Size 10000 -Certificate OfflineEc -Skip -Passes 1).PerSecond } }
            finally { Remove-Item Env:LD_PRELOAD }
        }
        $fast = $pairs | ForEach-Object Fast
        $slow = $pairs | ForEach-Object Slow
        Write-Host ("  links only (EC, no XSD), first pass, every disk flush 5 ms slower: {0,7:N0}/s   the same run's flushes as they are: {1,7:N0}/s (baseline; 3 runs each, interleaved)" -f `
            (Get-Median $slow), (Get-Median $fast))
        # The queue sent once KSeF is back: each entry's KSeF number recorded in the store (bench/QueueSend.ps1).
        $sends = foreach ($i in 1..3) {
            $fast = Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'QueueSend.ps1') -ModulePath $ModulePath | Select-Object -Last 1 | ConvertFrom-Json
            $env:LD_PRELOAD = $shim
            try { $slow = Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'QueueSend.ps1') -ModulePath $ModulePath | Select-Object -Last 1 | ConvertFrom-Json }
            finally { Remove-Item Env:LD_PRELOAD }
            [pscustomobject]@{ Fast = $fast.Seconds; Slow = $slow.Seconds }
        }
        Write-Host ("  Get-KsefOfflineInvoice | Send-KsefInvoice -Wait, 1,000 queued, every disk flush 5 ms slower: {0:N2} s   the same run's flushes as they are: {1:N2} s (baseline; 3 runs each, interleaved)" -f `
            (Get-Median ($sends | ForEach-Object Slow)), (Get-Median ($sends | ForEach-Object Fast)))
    }
    # The queue keeps every invoice it was given, sent ones too: a run into a queue that already holds 20 days of 10,000.
    $growth = Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'QueueGrowth.ps1') -ModulePath $ModulePath `
        -InvoiceDirectory (Join-Path $work 'invoices-10000') -StorePath $protectStore -Certificate OfflineEc | Select-Object -Last 1 | ConvertFrom-Json
    Write-Host ("  links only (EC, no XSD), into a variable, first pass, with {0:N0} sent invoices already in the queue: {1,7:N0}/s, wrote {2:N1} MiB   into an empty queue (baseline, interleaved): {3,7:N0}/s, wrote {4:N1} MiB" -f `
        $growth.Held, $growth.HeldPerSecond, $growth.HeldWrittenMiB, $growth.EmptyPerSecond, $growth.EmptyWrittenMiB)
    if (Get-Command openssl -ErrorAction SilentlyContinue) {
        $speed = & openssl speed -seconds 3 ecdsap256 rsa2048 2>$null
        $ec = ($speed | Select-String '256 bits ecdsa \(nistp256\)\s+\S+s\s+\S+s\s+([\d.]+)').Matches.Groups[1].Value
        $rsa = ($speed | Select-String '^rsa 2048 bits\s+\S+s\s+\S+s\s+([\d.]+)').Matches.Groups[1].Value
        Write-Host "  baseline: openssl speed, one core: ECDSA P-256 $ec sign/s, RSA-2048 $rsa sign/s"
    }
    # In a child pwsh: it loads KsefPS.Core by itself, apart from the module this process imported.
    Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'QrCodes.ps1') -ModulePath $ModulePath
    Invoke-BenchPwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'InvoiceCheck.ps1') -ModulePath $ModulePath -Invoice (Join-Path $work 'invoices-1000/fv-1.xml')
    & (Join-Path $PSScriptRoot 'TokenProtect.ps1') -ModulePath $ModulePath

    # --- Passphrase unlock ----------------------------------------------------------------------------------------
    $passphrase = ConvertTo-SecureString -AsPlainText -Force 'benchmark passphrase'
    Set-KsefStore -StorePath $store -Protection Passphrase -Passphrase $passphrase -Confirm:$false
    $unlock = @()
    for ($i = 0; $i -lt 7; $i++) {
        Lock-KsefStore -StorePath $store
        $unlock += Measure-Ms { Unlock-KsefStore -StorePath $store -Passphrase $passphrase }
    }
    $pbkdf2 = @()
    for ($i = 0; $i -lt 3; $i++) {
        $pbkdf2 += Measure-Ms { $null = [System.Security.Cryptography.Rfc2898DeriveBytes]::Pbkdf2('benchmark passphrase', [byte[]]::new(16), 600000, 'SHA256', 32) }
    }
    Write-Host ''
    Write-Host "Unlock-KsefStore ($((Get-KsefStore -StorePath $store).KeyProtection); 7 runs)"
    Write-Host "  Argon2id unlock                $(Format-Ms (Get-Median $unlock))   aim 200-500 ms"
    Write-Host "  PBKDF2-SHA256 600k (baseline)  $(Format-Ms (Get-Median $pbkdf2))"

    # --- Sending and fetching invoices ------------------------------------------------------------------------------
    & (Join-Path $PSScriptRoot 'Invoices.ps1') -ModulePath $ModulePath -Work (Join-Path $work 'invoices')
    & (Join-Path $PSScriptRoot 'Batch.ps1') -ModulePath $ModulePath -Work (Join-Path $work 'batch')
}
finally {
    Remove-Module KsefPS -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
