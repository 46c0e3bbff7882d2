# What the benchmark scripts share. Dot-sourced: a child pwsh of the same PowerShell, the emulator launcher, the median.
. (Join-Path $PSScriptRoot '../tools/ChildPwsh.ps1')
. (Join-Path $PSScriptRoot '../tools/Emulator.ps1')

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $n = $sorted.Count
    if ($n % 2) { $sorted[[int][math]::Floor($n / 2)] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}
