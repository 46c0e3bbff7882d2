# The one way the demo, the benchmarks and the Pester tests start the built emulator (the xunit tests have the same in
# tests/Shared/EmulatorProcess.cs). Dot-sourced.

# Starts out/KsefPS.Emulator on a free loopback port with the given settings (--Emulator:Name=value); returns its
# process and address. It must say where it listens within $TimeoutSeconds, or it is stopped and this throws.
function Start-KsefEmulator {
    param(
        [Parameter(Mandatory)] [string] $ModulePath,
        [string[]] $Setting = @(),
        [int] $TimeoutSeconds = 60
    )
    $dll = Join-Path (Split-Path $ModulePath) 'KsefPS.Emulator/KsefPS.Emulator.dll'
    if (-not (Test-Path $dll)) { throw "The emulator is not built: $dll is missing (build.ps1 -Task Build)." }
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($dll, '--urls', 'http://127.0.0.1:0') + $Setting) { $start.ArgumentList.Add($a) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    # Drained in the background, so that a chatty emulator never blocks on a full pipe.
    $null = $process.StandardError.BaseStream.CopyToAsync([IO.Stream]::Null)
    $first = $process.StandardOutput.ReadLineAsync()
    if (-not $first.Wait([TimeSpan]::FromSeconds($TimeoutSeconds)) -or $first.Result -notmatch 'listening on (\S+)') {
        $said = if ($first.IsCompleted) { $first.Result } else { "nothing within $TimeoutSeconds s" }
        Stop-KsefEmulator ([pscustomobject]@{ Process = $process })
        throw "The emulator did not start: $said"
    }
    $url = $Matches[1]
    $null = $process.StandardOutput.BaseStream.CopyToAsync([IO.Stream]::Null)
    [pscustomobject]@{ Process = $process; Url = $url }
}

function Stop-KsefEmulator([Parameter(Mandatory)] $Emulator) {
    if ($Emulator -and -not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill()
        $Emulator.Process.WaitForExit()
    }
}
