#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, packages and demonstrates KsefPS.
.DESCRIPTION
    Build   lays the importable module out at out/KsefPS (cmdlets in the root, engine and dependencies in deps/).
    Test    builds, runs every xunit suite, then Pester in a child pwsh against out/KsefPS, and prints one line
            "N passed, N failed" summed over all suites. Exit code 1 on any failure.
    Demo    builds and runs the demo against a temporary store (never the user's).
    Package builds and writes out/packages/KsefPS.<version>.nupkg for Install-PSResource from a local repository.
    Bench   builds and runs the benchmarks in bench/.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Package', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
$env:NO_COLOR = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$Root = $PSScriptRoot
$OutModule = Join-Path $Root 'out/KsefPS'
. (Join-Path $Root 'tools/BuildSupport.ps1')

switch ($Task) {
    'Build' { Invoke-ModuleBuild }
    'Test' { Invoke-ModuleBuild; Invoke-AllTests }
    'Demo' { Invoke-ModuleBuild; & (Join-Path $Root 'demo/Start-Demo.ps1') -ModulePath $OutModule }
    'Package' { Invoke-ModuleBuild; Invoke-Package }
    'Bench' { Invoke-ModuleBuild; Invoke-Benchmarks }
}
