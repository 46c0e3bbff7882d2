<#
.SYNOPSIS
    One measured run in its own pwsh (so the peak working set is its own): Send-KsefInvoice over a folder, or
    Sync-KsefInvoice into an empty one, or (the floor of a batch send) packaging and encrypting the folder alone with
    the BCL (TarGz, AES-256-CBC), no KsefPS involved. Prints one line of JSON.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ApiUrl,
    [Parameter(Mandatory)] [string] $StorePath,
    [Parameter(Mandatory)] [string] $Nip,
    [Parameter(Mandatory)] [string] $Certificate,
    [Parameter(Mandatory)] [ValidateSet('Send', 'SendWait', 'SendWaitFilter', 'SendWaitFolder', 'SendOnlineWait', 'ListOnly', 'ListOnlyFilter', 'Sync', 'PackageFloor')] [string] $Mode,
    [Parameter(Mandatory)] [string] $Directory
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
if ($Mode -notin 'PackageFloor', 'ListOnly') {
    $null = Connect-Ksef -StorePath $StorePath -ApiUrl $ApiUrl -Nip $Nip -Certificate $Certificate
}
$process = [System.Diagnostics.Process]::GetCurrentProcess()
$cpuBefore = $process.TotalProcessorTime
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$count = switch ($Mode) {
    'Send' { (Get-ChildItem $Directory -Filter *.xml | Send-KsefInvoice -StorePath $StorePath | Measure-Object).Count }
    # Counted as they stream past: collecting them would measure the caller's array, not the cmdlet.
    # 'SendWait' is the issue's form (./billing/*.xml), whose wildcard PowerShell expands whole before passing on the
    # first file; 'SendWaitFilter' the -Filter form, whose listing PowerShell itself holds until it ends (its FileSystem
    # provider sorts the entries: about 1.9 KB per file, FileInfo and note properties, seen in a heap dump; ListOnlyFilter).
    'SendWait' { $n = 0; Get-ChildItem (Join-Path $Directory '*.xml') | Send-KsefInvoice -StorePath $StorePath -Wait | ForEach-Object { if ($_.Status -eq 'Accepted' -and $_.KsefNumber) { $n++ } }; $n }
    'SendWaitFilter' { $n = 0; Get-ChildItem $Directory -Filter *.xml | Send-KsefInvoice -StorePath $StorePath -Wait | ForEach-Object { if ($_.Status -eq 'Accepted' -and $_.KsefNumber) { $n++ } }; $n }
    # 'SendWaitFolder' gives the cmdlet the folder itself: it lists the files as it goes, and PowerShell holds no listing.
    'SendWaitFolder' { $n = 0; Send-KsefInvoice $Directory -StorePath $StorePath -Wait | ForEach-Object { if ($_.Status -eq 'Accepted' -and $_.KsefNumber) { $n++ } }; $n }
    'SendOnlineWait' { $n = 0; Get-ChildItem $Directory -Filter *.xml | Send-KsefInvoice -StorePath $StorePath -Mode Online -Wait | ForEach-Object { if ($_.Status -eq 'Accepted' -and $_.KsefNumber) { $n++ } }; $n }
    'ListOnly' { $n = 0; Get-ChildItem (Join-Path $Directory '*.xml') | ForEach-Object { $n++ }; $n }
    'ListOnlyFilter' { $n = 0; Get-ChildItem $Directory -Filter *.xml | ForEach-Object { $n++ }; $n }
    'PackageFloor' {
        $aes = [System.Security.Cryptography.Aes]::Create()
        $output = [IO.File]::Create((Join-Path ([IO.Path]::GetTempPath()) ('ksefps-floor-' + [guid]::NewGuid().ToString('N') + '.aes')))
        $crypto = [System.Security.Cryptography.CryptoStream]::new($output, $aes.CreateEncryptor(), 'Write')
        $gzip = [System.IO.Compression.GZipStream]::new($crypto, [System.IO.Compression.CompressionLevel]::Optimal)
        $tar = [System.Formats.Tar.TarWriter]::new($gzip, [System.Formats.Tar.TarEntryFormat]::Pax)
        $n = 0
        foreach ($file in Get-ChildItem $Directory -Filter *.xml) {
            $entry = [System.Formats.Tar.PaxTarEntry]::new([System.Formats.Tar.TarEntryType]::RegularFile, $file.Name)
            $entry.DataStream = [IO.MemoryStream]::new([IO.File]::ReadAllBytes($file.FullName))
            $tar.WriteEntry($entry)
            $n++
        }
        $tar.Dispose(); $gzip.Dispose(); $crypto.Dispose(); $output.Dispose()
        Remove-Item $output.Name
        $n
    }
    'Sync' { (Sync-KsefInvoice -StorePath $StorePath -OutputDirectory $Directory -SubjectType Buyer -Since (Get-Date).AddHours(-1)).Downloaded }
}
$watch.Stop()
$process.Refresh()
[pscustomobject]@{
    Invoices = $count
    Seconds = $watch.Elapsed.TotalSeconds
    PerSecond = $count / $watch.Elapsed.TotalSeconds
    CpuMsPerItem = ($process.TotalProcessorTime - $cpuBefore).TotalMilliseconds / [math]::Max(1, $count)
    PeakMiB = $process.PeakWorkingSet64 / 1MB
} | ConvertTo-Json -Compress
