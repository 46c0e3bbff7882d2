BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
}

Describe 'Loading the built module' {
    It 'imports from out/KsefPS in a fresh process and opens its SQLite store (native library found)' {
        $store = New-TestStorePath
        $run = Invoke-InFreshPwsh -StorePath $store -Script @'
$info = Get-KsefStore
"SCHEMA=$($info.SchemaVersion)"
"ALC=" + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($info.GetType().Assembly).Name
'@
        $run.Output | Should -Match 'SCHEMA=[1-9]'
        $run.Output | Should -Match 'ALC=KsefPS.Engine'
        $run.ExitCode | Should -Be 0
        Test-Path $store | Should -BeTrue
    }

    It 'keeps working when another module with a different BouncyCastle is loaded first' {
        $assetOut = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-otherbc-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        & dotnet build (Join-Path $PSScriptRoot 'assets/OtherBouncyCastle') -c Release -o $assetOut --nologo -v quiet | Out-Null
        $LASTEXITCODE | Should -Be 0
        $store = New-TestStorePath
        $run = Invoke-InFreshPwsh -NoImport -StorePath $store -Script @"
Import-Module '$assetOut/OtherBouncyCastle.dll'
"OTHER=" + (Get-OtherBouncyCastle)
Import-Module '$script:ModulePath'
`$p = ConvertTo-SecureString -AsPlainText -Force 'pass'
New-KsefTestCertificate -GivenName A -Surname R -Nip 5265877635 -Name BcTest | Out-Null
Set-KsefStore -Protection Passphrase -Passphrase `$p -Confirm:`$false
Lock-KsefStore
Unlock-KsefStore -Passphrase `$p
Export-KsefCertificate BcTest ./bc-test.key -Format Key -Password `$p -Confirm:`$false -Force | Out-Null
'LOADED=' + ((([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'BouncyCastle.Cryptography' }) | ForEach-Object { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name + ':' + [System.Diagnostics.FileVersionInfo]::GetVersionInfo(`$_.Location).FileVersion }) -join ',')
"@
        $run.Output | Should -Match 'OTHER=2\.4\.'
        $run.Output | Should -Match 'Default:2\.4\.'
        $run.Output | Should -Match 'KsefPS\.Engine:2\.7\.'
        $run.ExitCode | Should -Be 0
        Remove-Item -Recurse -Force $assetOut, ./bc-test.key -ErrorAction SilentlyContinue
    }
}

Describe 'What the user sees' {
    BeforeAll {
        Import-Module $script:ModulePath -Force
        $script:Store = New-TestStorePath
        $PSDefaultParameterValues['*-Ksef*:StorePath'] = $script:Store
    }
    AfterAll {
        $PSDefaultParameterValues.Remove('*-Ksef*:StorePath')
        Remove-Item -Recurse -Force (Split-Path $script:Store) -ErrorAction SilentlyContinue
    }

    It 'exports exactly the cmdlets of the manifest' {
        $manifest = Import-PowerShellDataFile (Join-Path $script:ModulePath 'KsefPS.psd1')
        (Get-Command -Module KsefPS).Name | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'has full help for <_>' -ForEach (Import-PowerShellDataFile (Join-Path $env:KSEFPS_TEST_MODULE 'KsefPS.psd1')).CmdletsToExport {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*\S+ \[' # not the auto-generated syntax line
        ($help.description.Text -join ' ') | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterThan 0
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        foreach ($name in (Get-Command $_).Parameters.Keys | Where-Object { $_ -notin $common }) {
            $parameter = $help.parameters.parameter | Where-Object name -eq $name
            ($parameter.description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
        }
        # What each parameter takes, in the syntax and the parameter list: an optional value shows its own type.
        ($help.syntax | Out-String) + ($help.parameters | Out-String) | Should -Not -Match 'Nullable'
    }

    It 'has a conceptual help topic, about_KsefPS, and a manifest that says where the project and its licence are' {
        $about = Get-Help about_KsefPS | Out-String
        foreach ($concept in 'THE STORE', 'ENVIRONMENTS', 'SESSIONS', 'OFFLINE', 'ERRORS', 'WHERE TO START') { $about | Should -Match $concept }
        $data = (Import-PowerShellDataFile (Join-Path $env:KSEFPS_TEST_MODULE 'KsefPS.psd1')).PrivateData.PSData
        $data.ProjectUri | Should -Match '^https://'
        $data.LicenseUri | Should -BeLike "$($data.ProjectUri)/*LICENSE"
        $data.ReleaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'formats stored certificates as a table with identity and status' {
        New-KsefTestCertificate -GivenName A -Surname R -Nip 5265877635 -Name Formatted | Out-Null
        $text = Get-KsefCertificate | Out-String -Width 200
        $text | Should -Match 'Name\s+Status\s+Usage\s+Environment\s+NotAfter\s+Identity\s+SerialNumber'
        $text | Should -Match 'Formatted\s+Valid\s+Authentication\s+Test\s+\d{4}-\d\d-\d\d\s+Nip:5265877635'
        (Get-KsefStore | Out-String) | Should -Match 'KeyProtection\s+:\s+key file'
    }

    It 'keeps Status in the table at 120 and 80 columns beside a CA-style 40-hex serial; the list shows the whole serial' {
        $work = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-wide-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory $work | Out-Null
        # A CA and a certificate it issues, as a qualified provider's would be: openssl gives it a 20-byte serial.
        & openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/ca.key" -days 60 -subj '/C=PL/O=Test CA/CN=Test CA' -out "$work/ca.crt" 2>$null
        & openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/leaf.key" -subj '/C=PL/CN=Jan Kowalski/serialNumber=TINPL-5265877635' -out "$work/leaf.csr" 2>$null
        & openssl x509 -req -in "$work/leaf.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 30 -out "$work/leaf.crt" 2>$null
        $entry = Add-KsefCertificate "$work/leaf.crt" -KeyPath "$work/leaf.key" -Usage Authentication -Name 'A rather long certificate name'
        $entry.Issuer | Should -Match 'Test CA'
        $entry.SerialNumber.Length | Should -BeGreaterOrEqual 38
        foreach ($width in 120, 80) {
            $text = $entry | Format-Table | Out-String -Width $width
            $text | Should -Match 'Status' -Because "at $width columns"
            # 30 days left: ExpiringSoon, the longest status, whole.
            $text | Should -Match 'A rather long certificate name\s+ExpiringSoon\s+Authentication\s+Test' -Because "at $width columns"
        }
        ($entry | Format-List | Out-String -Width 80) | Should -Match ([regex]::Escape($entry.SerialNumber))
        Remove-KsefCertificate -InputObject $entry -Confirm:$false
        Remove-Item -Recurse -Force $work
    }

    It 'returns written files as the FileSystem provider gives them (Mode, Length, PSPath)' {
        $target = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-export-' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.pem')
        $file = Export-KsefCertificate Formatted $target
        $file.PSPath | Should -BeLike 'Microsoft.PowerShell.Core\FileSystem::*'
        $file.Length | Should -BeGreaterThan 0
        $shown = $file | Format-Table | Out-String -Width 120
        $shown | Should -Match 'Mode\s+.*LastWriteTime\s+(Size|Length)\s+Name'   # UnixMode on Unix, Mode on Windows
        $shown | Should -Match '-[-r][-w]\S*\s+.*\d+\s+ksefps-export-'
        Remove-Item $target
    }

    It 'gives errors their stable ErrorId and the target object' {
        Get-KsefCertificate -Name 'NoSuchName' -ErrorAction SilentlyContinue -ErrorVariable failure
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'CertificateNotFound,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure[0].TargetObject | Should -Be 'NoSuchName'
    }

    It 'completes stored certificate names' {
        $completion = TabExpansion2 -inputScript "Get-KsefCertificate -StorePath '$script:Store' -Name Form" -cursorColumn ("Get-KsefCertificate -StorePath '$script:Store' -Name Form").Length
        $completion.CompletionMatches.CompletionText | Should -Contain 'Formatted'
    }
}

Describe 'Automation safety' {
    It 'fails with StoreLocked instead of prompting in pwsh -NonInteractive' {
        $store = New-TestStorePath
        $run = Invoke-InFreshPwsh -StorePath $store -Script @'
Set-KsefStore -Protection Passphrase -Passphrase (ConvertTo-SecureString -AsPlainText -Force 'p') -Confirm:$false
Lock-KsefStore
try { New-KsefTestCertificate -GivenName A -Surname R -Nip 5265877635 } catch { 'ERRORID=' + $_.FullyQualifiedErrorId }
'@
        $run.Output | Should -Match 'ERRORID=StoreLocked,'
    }

    It 'creates the store directory 0700 and the files 0600 (Unix)' {
        $store = New-TestStorePath
        Invoke-InFreshPwsh -StorePath $store -Script 'New-KsefTestCertificate -GivenName A -Surname R -Nip 5265877635 | Out-Null' | Out-Null
        (Get-Item (Split-Path $store)).UnixFileMode | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
        foreach ($file in Get-ChildItem (Split-Path $store)) {
            $file.UnixFileMode | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite') -Because $file.Name
        }
    }
}

Describe 'A clone of the repository alone' {
    It 'builds and tests from files inside the repository: no path reaches outside it' {
        $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
        $tracked = & git -C $root ls-files -- '*.ps1' '*.cs' '*.csproj' '*.props' '*.targets' '.ci/*' '*.json' '*.psd1'
        $LASTEXITCODE | Should -Be 0
        $outside = foreach ($file in $tracked) {
            $text = Get-Content -Raw (Join-Path $root $file)
            # The folder beside the repository where the material used to be, or any relative path climbing above the root.
            if ($text -match ('shared[/\\]ksef-' + 'spec|KSEFPS_' + 'SPEC_DIR')) { "$file names the old folder beside the repository" }
            $depth = ($file -split '/').Count - 1
            foreach ($m in [regex]::Matches($text, '(\.\.[/\\]){2,}')) {
                if ($m.Value.Length / 3 -gt $depth) { "$file climbs $($m.Value) above the repository" }
            }
        }
        $outside | Should -BeNullOrEmpty
        foreach ($needed in 'open-api.json', 'auth/schemat_auth_v2-1.xsd', 'fa/schemat_FA(3)_v1-0E.xsd', 'fa/PEF/Schemat_PEF(3)_v2-1.xsd',
            'fa/RR/schemat_FA_RR(1)_v1-1E.xsd', 'upo/upo-v4-3.xsd', 'samples/invoice-template-fa-3.xml', 'LICENSE-ksef-docs.txt') {
            Join-Path $root "spec/$needed" | Should -Exist
        }
    }
}
