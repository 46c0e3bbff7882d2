# What the benchmark scripts share. Dot-sourced: a child pwsh of the same PowerShell, the emulator launcher, the median, copies of a store,
# JIT cache folders.
. (Join-Path $PSScriptRoot '../tools/ChildPwsh.ps1')
. (Join-Path $PSScriptRoot '../tools/Emulator.ps1')
. (Join-Path $PSScriptRoot '../tools/PolishDate.ps1')

# A benchmark's child pwsh (Invoke-ChildPwsh) whose failure stops the bench with what the child said: a row whose script
# failed would otherwise print blank figures, as QueueGrowth's did once when its call lost its arguments.
function Invoke-BenchPwsh {
    $benchOutput = Invoke-ChildPwsh @args
    if ($LASTEXITCODE -ne 0) {
        throw "A benchmark's child pwsh failed (exit $LASTEXITCODE): $($args -join ' ')`n$($benchOutput | Out-String)"
    }
    $benchOutput
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $n = $sorted.Count
    if ($n % 2) { $sorted[[int][math]::Floor($n / 2)] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}

# Loads the module's engine (KsefPS.Core) into this process, apart from any imported module, as the module's loader
# does: with the engine's own SQLite, found through KsefPS.Core's dependency manifest. Returns KsefPS.Core's path.
function Import-KsefEngine([string] $ModulePath) {
    $core = Join-Path (Resolve-Path $ModulePath).Path 'deps/KsefPS.Core.dll'
    $null = [System.Runtime.InteropServices.NativeLibrary]::Load([System.Runtime.Loader.AssemblyDependencyResolver]::new($core).ResolveUnmanagedDllToPath('e_sqlite3'))
    $null = [Reflection.Assembly]::LoadFrom($core)
    $core
}

# Writes the files a benchmark just made out to the disk before anything is timed. The kernel would otherwise write them
# back during the first timed runs, whose every commit to the store then waits behind them.
function Complete-DiskWrites {
    if (-not $IsWindows) { & sync }
}

# A store's files (full paths): the database, its journal and its key file all start with the database's name. Listed
# with .NET's own call, not a cmdlet: between two timed passes (Restore-StoreFiles), PowerShell code run only there would
# be compiled again, optimized, by .NET's background compiler while the next pass runs.
function Get-StoreFiles([string] $StorePath, [string] $Folder = [IO.Path]::GetDirectoryName($StorePath)) {
    [IO.Directory]::GetFiles($Folder, [IO.Path]::GetFileNameWithoutExtension($StorePath) + '.*')
}

# A copy of a store's files in a folder of its own, so that each pass of a run can start from the store as it was given
# (Restore-StoreFiles): every pass then queues its invoices anew, as a real run does. Returns the folder.
function Save-StoreFiles([string] $StorePath) {
    $saved = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-bench-store-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory $saved | Out-Null
    Copy-Item -LiteralPath (Get-StoreFiles $StorePath) -Destination $saved
    $saved
}

# With .NET's own calls too, for the reason Get-StoreFiles gives.
function Restore-StoreFiles([string] $StorePath, [string] $Saved) {
    foreach ($file in Get-StoreFiles $StorePath) { [IO.File]::Delete($file) }
    $storeFolder = [IO.Path]::GetDirectoryName($StorePath)
    foreach ($file in Get-StoreFiles $StorePath $Saved) { [IO.File]::Copy($file, [IO.Path]::Combine($storeFolder, [IO.Path]::GetFileName($file))) }
}

# Runs $StoreCopyBody on a copy of the store as it is now, in a folder of its own removed afterwards, so that the run's
# first pass queues its invoices anew, as a real run does, rather than finding them queued by the run before. The body
# gets the copy's database path. Unusual names for the reason Invoke-InJitCache gives.
function Invoke-OnStoreCopy([string] $StoreCopyOf, [scriptblock] $StoreCopyBody) {
    $storeCopyFolder = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-bench-run-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    Copy-Item -Recurse (Split-Path $StoreCopyOf) $storeCopyFolder
    try { & $StoreCopyBody (Join-Path $storeCopyFolder (Split-Path -Leaf $StoreCopyOf)) }
    finally { Remove-Item -Recurse -Force $storeCopyFolder }
}

# Runs $JitCacheBody with $JitCacheFolder as pwsh's cache folder (XDG_CACHE_HOME, which pwsh follows on Linux), where a
# child pwsh finds and leaves its multicore JIT profile; elsewhere it just runs it. The names are unusual on purpose: a
# script block sees the variables of the functions that call it, and the callers' own ($run, $work, $copy…) must stay
# visible.
function Invoke-InJitCache([string] $JitCacheFolder, [scriptblock] $JitCacheBody) {
    if (-not $IsLinux) { return & $JitCacheBody }
    $jitCachePrevious = $env:XDG_CACHE_HOME
    $env:XDG_CACHE_HOME = $JitCacheFolder
    try { & $JitCacheBody }
    finally { $env:XDG_CACHE_HOME = $jitCachePrevious }
}
