BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $script:ModulePath -Force

    # Starts a pwsh process running $File with $Arguments; its output is read as it comes.
    function Start-Worker([string] $File, [string[]] $Arguments) {
        $start = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($a in @('-NoProfile', '-NonInteractive', '-File', $File) + $Arguments) { $start.ArgumentList.Add($a) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($start)
        [pscustomobject]@{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Error = $process.StandardError.ReadToEndAsync() }
    }

    # Waits for the workers; everything they wrote, as one text.
    function Wait-Workers($Workers) {
        foreach ($w in $Workers) { $w.Process.WaitForExit() }
        ($Workers | ForEach-Object { $_.Output.Result + $_.Error.Result }) -join "`n"
    }
}

Describe 'Several processes writing one store' {
    It 'accounts for every write of four processes adding and removing 25 certificates each' {
        $store = New-TestStorePath
        $worker = @'
param($Worker)
$ErrorActionPreference = 'Continue'
$failures = 0
for ($i = 0; $i -lt 25; $i++) {
    try {
        New-KsefTestCertificate -GivenName W -Surname $Worker -Nip (New-KsefTestIdentifier) -Name "w$Worker-$i" -ErrorAction Stop | Out-Null
        if ($i % 2 -eq 1) { Remove-KsefCertificate "w$Worker-$i" -Confirm:$false -ErrorAction Stop }
    }
    catch { $failures++; "FAILURE: $($_.FullyQualifiedErrorId): $_" }
}
"DONE $Worker failures=$failures"
'@
        $file = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-worker-' + [guid]::NewGuid().ToString('N') + '.ps1')
        Set-Content $file -Value "param(`$Worker)`n`$env:KSEFPS_STORE = '$store'`nImport-Module '$script:ModulePath'`n$($worker -replace '^param\(\$Worker\)', '')"
        $all = Wait-Workers (1..4 | ForEach-Object { Start-Worker $file '-Worker', "$_" })
        Remove-Item $file

        $all | Should -Not -Match 'database is locked'
        $all | Should -Not -MatchExactly 'FAILURE:'
        foreach ($n in 1..4) { $all | Should -Match "DONE $n failures=0" }
        $names = (Get-KsefCertificate -StorePath $store).Name
        $names.Count | Should -Be (4 * 13)
        foreach ($n in 1..4) {
            foreach ($i in 0..24) {
                if ($i % 2 -eq 0) { $names | Should -Contain "w$n-$i" } else { $names | Should -Not -Contain "w$n-$i" }
            }
        }
    }

    It 'queues every invoice of two processes protecting folders into one store at once' {
        $store = New-TestStorePath
        $work = Split-Path $store
        $nip = New-KsefTestIdentifier
        New-KsefTestCertificate -OrganizationName Org -Nip $nip -Usage Offline -Name Offline2026 -StorePath $store | Out-Null
        $template = Get-Content -Raw (Join-Path $PSScriptRoot '../../spec/samples/invoice-template-fa-3.xml')
        foreach ($n in 1, 2) {
            $folder = New-Item -ItemType Directory (Join-Path $work "out$n")
            foreach ($i in 1..1500) {
                [IO.File]::WriteAllText((Join-Path $folder "fv-$i.xml"), $template.Replace('#nip#', $nip).Replace('#invoice_number#', "$n-$i"))
            }
        }
        $file = Join-Path $work 'protect.ps1'
        Set-Content $file -Value @"
param(`$Folder)
Import-Module '$script:ModulePath'
`$protected = Protect-KsefInvoice `$Folder -Certificate Offline2026 -StorePath '$store' -SkipSchemaValidation -ErrorVariable failed -ErrorAction SilentlyContinue
"PROTECTED `$Folder `$(@(`$protected).Count) failures=`$(@(`$failed).Count) `$(`$failed | Select-Object -First 1)"
"@
        $all = Wait-Workers (1, 2 | ForEach-Object { Start-Worker $file (Join-Path $work "out$_") })

        $all | Should -Not -Match 'database is locked'
        foreach ($n in 1, 2) { $all | Should -Match "PROTECTED $([regex]::Escape((Join-Path $work "out$n"))) 1500 failures=0" }
        $queued = Get-KsefOfflineInvoice -StorePath $store
        $queued.Count | Should -Be 3000
        @($queued.Hash | Sort-Object -Unique).Count | Should -Be 3000
        Remove-Item -Recurse -Force $work
    }
}
