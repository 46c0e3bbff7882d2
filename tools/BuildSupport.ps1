# Tasks of build.ps1. Dot-sourced; expects $Root, $OutModule and $Configuration.
. (Join-Path $PSScriptRoot ChildPwsh.ps1)

function Assert-Prerequisite {
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        throw 'The .NET SDK (dotnet) is not on PATH. Install the .NET 10 SDK: https://dot.net'
    }
    $sdk = (& dotnet --version) -as [string]
    if ([version]($sdk -replace '-.*$', '') -lt [version]'10.0') {
        throw "The .NET SDK $sdk is too old; KsefPS builds with the .NET 10 SDK (the module itself runs on PowerShell 7.4+)."
    }
}

function Invoke-Dotnet {
    # A simple function (no param block): its $args keep switches such as -c and -o for dotnet.
    # Its output is shown only when it fails: a successful build has nothing to say in a log.
    $output = & dotnet @args 2>&1
    if ($LASTEXITCODE -ne 0) {
        $output | ForEach-Object { Write-Host $_ }
        throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE."
    }
}

$SupportedRuntimes = 'win', 'win-x64', 'win-x86', 'win-arm64', 'linux-x64', 'linux-arm64', 'linux-musl-x64', 'linux-musl-arm64', 'osx-x64', 'osx-arm64'

function Invoke-ModuleBuild {
    Assert-Prerequisite
    $staging = Join-Path $Root 'obj/staging'
    Remove-Item -Recurse -Force $OutModule, $staging -ErrorAction SilentlyContinue
    Invoke-Dotnet publish (Join-Path $Root 'src/KsefPS.Core') -c $Configuration -o (Join-Path $staging 'deps') --nologo -v quiet
    Invoke-Dotnet build (Join-Path $Root 'src/KsefPS') -c $Configuration -o (Join-Path $staging 'cmdlets') --nologo -v quiet
    Invoke-Dotnet build (Join-Path $Root 'src/KsefPS.Loader') -c $Configuration -o (Join-Path $staging 'loader') --nologo -v quiet

    New-Item -ItemType Directory -Force -Path $OutModule | Out-Null
    Copy-Item -Recurse (Join-Path $staging 'deps') (Join-Path $OutModule 'deps')
    # Native SQLite only for the platforms PowerShell 7.4+ runs on ('win' holds managed Windows-only assemblies).
    Get-ChildItem (Join-Path $OutModule 'deps/runtimes') -Directory | Where-Object Name -notin $SupportedRuntimes | Remove-Item -Recurse -Force
    Copy-Item (Join-Path $staging 'cmdlets/KsefPS.dll'), (Join-Path $staging 'cmdlets/KsefPS.pdb') $OutModule
    Copy-Item (Join-Path $staging 'loader/KsefPS.Loader.dll') $OutModule
    Copy-Item (Join-Path $Root 'KsefPS.psd1'), (Join-Path $Root 'src/KsefPS/KsefPS.format.ps1xml') $OutModule
    Copy-Item (Join-Path $Root 'LICENSE') $OutModule
    Invoke-Dotnet build (Join-Path $Root 'src/KsefPS.Emulator') -c $Configuration -o (Join-Path $Root 'out/KsefPS.Emulator') --nologo -v quiet
    & (Join-Path $Root 'tools/New-MamlHelp.ps1') -ModulePath $OutModule -SourcePath (Join-Path $Root 'src/KsefPS/help')
    Write-Host "Module laid out at $OutModule"
}

function Get-PesterModulePath {
    $project = Join-Path $Root 'tools/pester/PesterBootstrap.csproj'
    Invoke-Dotnet restore $project --nologo -v quiet
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $psd1 = Join-Path $packages 'pester/6.2.0/tools/Pester.psd1'
    if (-not (Test-Path $psd1)) { throw "Pester 6.2.0 was restored but $psd1 is missing; check the NuGet packages folder." }
    $psd1
}

function Read-TrxCounts([string] $Directory) {
    $passed = 0; $failed = 0
    foreach ($trx in Get-ChildItem $Directory -Filter *.trx -Recurse) {
        [xml] $doc = Get-Content -Raw $trx.FullName
        $counters = $doc.TestRun.ResultSummary.Counters
        $passed += [int] $counters.passed
        $failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
        if ([int] $counters.notExecuted -gt 0) { $failed += [int] $counters.notExecuted }
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

function Invoke-AllTests {
    $results = Join-Path $Root 'out/test-results'
    Remove-Item -Recurse -Force $results -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Force $results | Out-Null
    $suitesFailed = $false

    foreach ($project in Get-ChildItem (Join-Path $Root 'tests') -Filter *.Tests.csproj -Recurse) {
        Write-Host "== xunit: $($project.BaseName)"
        & dotnet test $project.FullName -c $Configuration --nologo --logger "trx;LogFileName=$($project.BaseName).trx" --results-directory $results -v quiet
        if ($LASTEXITCODE -ne 0) { $suitesFailed = $true }
    }
    $xunit = Read-TrxCounts $results

    Write-Host '== Pester: tests/pester against out/KsefPS'
    $pester = Get-PesterModulePath
    $pesterResult = Join-Path $results 'pester.json'
    Invoke-ChildPwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tests/pester/Invoke-Pester.ps1') `
        -PesterPath $pester -ModulePath $OutModule -ResultPath $pesterResult
    if ($LASTEXITCODE -ne 0) { $suitesFailed = $true }
    $p = if (Test-Path $pesterResult) { Get-Content -Raw $pesterResult | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1 } }

    $passed = $xunit.Passed + $p.Passed
    $failed = $xunit.Failed + $p.Failed
    if ($suitesFailed -and $failed -eq 0) { $failed = 1 }
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($p.Passed) passed, $($p.Failed) failed"
    Write-Output "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Package {
    $packages = Join-Path $Root 'out/packages'
    Remove-Item -Recurse -Force $packages -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Force $packages | Out-Null
    $repoName = 'KsefPSBuild' + [guid]::NewGuid().ToString('N').Substring(0, 6)
    Register-PSResourceRepository -Name $repoName -Uri $packages -Trusted
    try {
        Publish-PSResource -Path $OutModule -Repository $repoName -SkipDependenciesCheck
    }
    finally {
        Unregister-PSResourceRepository -Name $repoName
    }
    Get-ChildItem $packages -Filter *.nupkg | ForEach-Object { Write-Host "Package: $($_.FullName)" }
}

function Invoke-Benchmarks {
    Invoke-ChildPwsh -NoProfile -File (Join-Path $Root 'bench/Invoke-Benchmarks.ps1') -ModulePath $OutModule
    if ($LASTEXITCODE -ne 0) { throw 'Benchmarks failed.' }
}
