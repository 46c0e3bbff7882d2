# Shared by the Pester files: where the built module is, and how to run a script in a fresh pwsh process.
$script:ModulePath = $env:KSEFPS_TEST_MODULE
if (-not $script:ModulePath) { throw 'KSEFPS_TEST_MODULE is not set; run the suite through build.ps1 -Task Test.' }
. (Join-Path $PSScriptRoot '../../tools/ChildPwsh.ps1')

function New-TestStorePath {
    Join-Path ([IO.Path]::GetTempPath()) ("ksefps-pester-" + [guid]::NewGuid().ToString('N').Substring(0, 10)) 'store.db'
}

# Runs $Script in a new non-interactive pwsh with the module imported from out/KsefPS and $env:KSEFPS_STORE set.
# The script's output is returned as JSON-decoded objects; everything else it wrote comes back in .Streams.
function Invoke-InFreshPwsh {
    param([Parameter(Mandatory)] [string] $Script, [string] $StorePath, [switch] $NoImport)
    $wrapper = @"
`$ErrorActionPreference = 'Stop'
`$env:KSEFPS_STORE = '$StorePath'
$(if (-not $NoImport) { "Import-Module '$script:ModulePath'" })
$Script
"@
    $file = Join-Path ([IO.Path]::GetTempPath()) ("ksefps-child-" + [guid]::NewGuid().ToString('N') + '.ps1')
    Set-Content -Path $file -Value $wrapper
    try {
        $output = Invoke-ChildPwsh -NoProfile -NonInteractive -File $file 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
    }
    finally {
        Remove-Item $file -ErrorAction SilentlyContinue
    }
}

# Starts the built emulator (out/KsefPS.Emulator) on a free loopback port; returns its process and address.
function Start-KsefEmulator {
    param([string[]] $Setting = @())
    $dll = Join-Path (Split-Path $script:ModulePath) 'KsefPS.Emulator/KsefPS.Emulator.dll'
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($dll, '--urls', 'http://127.0.0.1:0') + $Setting) { $start.ArgumentList.Add($a) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $line = $process.StandardOutput.ReadLine()
    if ($line -notmatch 'listening on (\S+)') { $process.Kill(); throw "The emulator did not start: $line" }
    [pscustomobject]@{ Process = $process; Url = $Matches[1] }
}
