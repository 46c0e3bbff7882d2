# What the benchmark scripts share. Dot-sourced: a child pwsh of the same PowerShell, the emulator launcher, the median.
. (Join-Path $PSScriptRoot '../tools/ChildPwsh.ps1')
. (Join-Path $PSScriptRoot '../tools/Emulator.ps1')

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $n = $sorted.Count
    if ($n % 2) { $sorted[[int][math]::Floor($n / 2)] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}

# Writes the files a benchmark just made out to the disk before anything is timed. The kernel would otherwise write them
# back during the first timed runs, whose every commit to the store then waits behind them.
function Complete-DiskWrites {
    if (-not $IsWindows) { & sync }
}
