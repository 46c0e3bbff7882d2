# Starts a child pwsh of the same PowerShell that runs this script. Under "dotnet pwsh" (the NuGet dotnet tool) the
# process is dotnet itself, so the child is started as "dotnet <PSHOME>/pwsh.dll".
function Invoke-ChildPwsh {
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        & $process (Join-Path $PSHOME 'pwsh.dll') @args
    }
    else {
        & $process @args
    }
}
