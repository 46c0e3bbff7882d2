BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $script:ModulePath -Force
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
        $processes = foreach ($n in 1..4) {
            $start = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
            if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
            foreach ($a in '-NoProfile', '-NonInteractive', '-File', $file, '-Worker', "$n") { $start.ArgumentList.Add($a) }
            $start.RedirectStandardOutput = $true
            $start.RedirectStandardError = $true
            $process = [System.Diagnostics.Process]::Start($start)
            [pscustomobject]@{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Error = $process.StandardError.ReadToEndAsync() }
        }
        foreach ($p in $processes) { $p.Process.WaitForExit() }
        $all = ($processes | ForEach-Object { $_.Output.Result + $_.Error.Result }) -join "`n"
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
}
