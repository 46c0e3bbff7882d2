BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Emulator = Start-KsefEmulator -ModulePath $script:ModulePath -Setting '--Emulator:AuthProcessingDelay=00:00:00.010', '--Emulator:InvoiceProcessingDelay=00:00:00.050',
        '--Emulator:RateLimits=false', '--Emulator:EnrollmentProcessingDelay=00:00:00.010', '--Emulator:ExportProcessingDelay=00:00:00.010'
}
AfterAll {
    Stop-KsefEmulator $script:Emulator
}

Describe "The README's tour" {
    It 'runs as written, top to bottom, against the emulator and a temporary store' {
        $readme = Get-Content -Raw (Join-Path $script:Root 'README.md')
        $tour = [regex]::Match($readme, '(?s)## A short tour.*?```powershell\r?\n(.*?)```').Groups[1].Value
        $tour | Should -Not -BeNullOrEmpty
        # Only the emulator's address changes: the tour names the port the README tells a reader to start it on.
        $tour.Contains("'http://127.0.0.1:5080'") | Should -BeTrue
        $tour = $tour.Replace("'http://127.0.0.1:5080'", "'$($script:Emulator.Url)'")
        # The tour runs from the repository root (./out/KsefPS, ./spec); here, from a scratch folder that shows both.
        $work = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-tour-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory $work | Out-Null
        New-Item -ItemType SymbolicLink -Path (Join-Path $work 'out') -Target (Split-Path $script:ModulePath) | Out-Null
        New-Item -ItemType SymbolicLink -Path (Join-Path $work 'spec') -Target (Join-Path $script:Root 'spec') | Out-Null
        $script = Join-Path $work 'tour.ps1'
        Set-Content $script ("`$ErrorActionPreference = 'Stop'`nSet-Location '$work'`n" + $tour + "`n'TOUR=done'")
        try {
            $output = Invoke-ChildPwsh -NoProfile -NonInteractive -File $script 2>&1 | Out-String
            $LASTEXITCODE | Should -Be 0 -Because $output
            $output | Should -Match 'TOUR=done'
            $output | Should -Not -Match 'Exception|Error:'
            (Get-ChildItem (Join-Path $work 'upo') -Filter *.xml).Count | Should -BeGreaterThan 0
            @(Get-ChildItem (Join-Path $work 'upo') -Filter *.xml | Where-Object Name -Match '^UPO-\d{10}-\d{8}-').Count | Should -Be 3   # each billed invoice's own
            (Get-ChildItem (Join-Path $work 'kod1') -Filter *.png).Count | Should -Be 3   # the billing run's three invoices
            (Get-ChildItem (Join-Path $work 'inbox') -Filter *.xml).Count | Should -Be 6
        }
        finally {
            Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
        }
    }
}
