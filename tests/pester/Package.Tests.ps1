BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
}

Describe 'The NuGet package' {
    It 'publishes to a local file repository, installs from it with PSResourceGet and imports' {
        $root = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-package-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $feed = Join-Path $root 'feed'; $installed = Join-Path $root 'installed'
        New-Item -ItemType Directory $feed, $installed | Out-Null
        $repository = 'KsefPSTest' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        Register-PSResourceRepository -Name $repository -Uri $feed -Trusted
        try {
            Publish-PSResource -Path $script:ModulePath -Repository $repository -SkipDependenciesCheck
            $nupkg = @(Get-ChildItem $feed -Filter 'KsefPS.*.nupkg')
            $nupkg.Count | Should -Be 1
            Add-Type -AssemblyName System.IO.Compression.FileSystem
            $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg[0].FullName)
            try {
                $runtimes = $zip.Entries.FullName | Where-Object { $_ -like 'deps/runtimes/*' } | ForEach-Object { ($_ -split '/')[2] } | Sort-Object -Unique
            }
            finally { $zip.Dispose() }
            # Native SQLite for the platforms PowerShell 7.4+ runs on, nothing else ('win' holds managed Windows-only assemblies).
            $runtimes | Should -Be ('linux-arm64', 'linux-musl-arm64', 'linux-musl-x64', 'linux-x64', 'osx-arm64', 'osx-x64', 'win', 'win-arm64', 'win-x64', 'win-x86')
            Save-PSResource -Name KsefPS -Repository $repository -Path $installed -TrustRepository -SkipDependencyCheck
            $run = Invoke-InFreshPwsh -NoImport -StorePath (New-TestStorePath) -Script @"
Import-Module '$installed/KsefPS'
'FROM=' + (Get-Module KsefPS).ModuleBase
'SCHEMA=' + (Get-KsefStore).SchemaVersion
"@
            $run.Output | Should -Match ([regex]::Escape("FROM=$installed"))
            $run.Output | Should -Match 'SCHEMA=[1-9]'
        }
        finally {
            Unregister-PSResourceRepository -Name $repository
            Remove-Item -Recurse -Force $root -ErrorAction SilentlyContinue
        }
    }
}
