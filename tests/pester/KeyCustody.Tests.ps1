BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Emulator = Start-KsefEmulator -ModulePath $script:ModulePath -Setting '--Emulator:AuthProcessingDelay=00:00:00.050'
    $script:Template = Join-Path $PSScriptRoot '../../spec/samples/invoice-template-fa-3.xml'
}
AfterAll {
    Stop-KsefEmulator $script:Emulator
}

Describe 'Keys that stay in the operating system''s certificate store' {
    It 'signs with the key where it is, keeps only a reference, refuses to export the key, and says when the key is gone' {
        $work = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-custody-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory $work | Out-Null
        # .NET keeps the CurrentUser store under HOME on Linux: a HOME of the test's own keeps the machine's store untouched.
        $run = Invoke-InFreshPwsh -StorePath (Join-Path $work 'store/store.db') -Script @"
`$env:HOME = '$work/home'
Set-Location '$work'
`$secret = ConvertTo-SecureString 'custody' -AsPlainText -Force
`$nip = New-KsefTestIdentifier
# Certificates made in a scratch store and moved into the OS store: the KsefPS store under test never sees their keys.
New-KsefTestCertificate -GivenName Anna -Surname Nowak -Nip `$nip -Name Auth -StorePath ./scratch.db | Out-Null
New-KsefTestCertificate -OrganizationName Org -Nip `$nip -Usage Offline -Name Off -StorePath ./scratch.db | Out-Null
Export-KsefCertificate Auth ./auth.pfx -Format Pfx -Password `$secret -StorePath ./scratch.db -Confirm:`$false | Out-Null
Export-KsefCertificate Off ./off.pfx -Format Pfx -Password `$secret -StorePath ./scratch.db -Confirm:`$false | Out-Null
`$flags = [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::PersistKeySet -bor [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::Exportable
`$auth = [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadPkcs12FromFile("`$PWD/auth.pfx", 'custody', `$flags)
`$off = [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadPkcs12FromFile("`$PWD/off.pfx", 'custody', `$flags)
`$my = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
`$my.Open('ReadWrite'); `$my.Add(`$auth); `$my.Add(`$off); `$my.Close()

Add-KsefCertificate -Thumbprint `$auth.Thumbprint -Usage Authentication -Name OsAuth | Out-Null
Add-KsefCertificate -Thumbprint `$off.Thumbprint.ToLowerInvariant() -Usage Offline -Name OsOffline | Out-Null
Add-KsefCertificate -Thumbprint 'not-a-thumbprint' -ErrorVariable bad -ErrorAction SilentlyContinue
'BADTHUMB=' + `$bad[0].FullyQualifiedErrorId
Get-KsefCertificate Os* | ForEach-Object { 'ENTRY=' + `$_.Name + '|' + `$_.KeySource + '|' + `$_.KeyReachable + '|' + `$_.KeyReference }

# A locked passphrase store: nothing sealed is needed to sign with a key kept elsewhere.
Set-KsefStore -Protection Passphrase -Passphrase `$secret -Confirm:`$false
Lock-KsefStore
'STATE=' + (Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate OsAuth).State
Unlock-KsefStore -Passphrase `$secret
'ENROLLED=' + (Request-KsefCertificate -Usage Offline -Name 'KSeF Offline').KeySource
Lock-KsefStore
[IO.File]::WriteAllText("`$PWD/fv.xml", [IO.File]::ReadAllText('$script:Template').Replace('#nip#', `$nip).Replace('#invoice_number#', 'K-1'))
`$protected = Protect-KsefInvoice ./fv.xml -Certificate OsOffline
'LINK=' + (`$protected | Test-KsefCertificateLink -Certificate `$off).Valid
'OBJECT=' + (Protect-KsefInvoice ./fv.xml -Certificate `$off -Environment Test | Test-KsefCertificateLink -Certificate `$off).Valid
try { Protect-KsefInvoice ./fv.xml -Certificate `$off | Out-Null } catch { 'NOENV=' + `$_.FullyQualifiedErrorId }

Export-KsefCertificate OsAuth ./key.pfx -Format Pfx -Password `$secret -Confirm:`$false -ErrorVariable refused -ErrorAction SilentlyContinue
'EXPORTKEY=' + `$refused[0].FullyQualifiedErrorId + '|' + (Test-Path ./key.pfx)
Export-KsefCertificate OsAuth ./cert.pem -Format Pem -Confirm:`$false | Out-Null
'EXPORTCERT=' + (Get-Content -Raw ./cert.pem).Contains('BEGIN CERTIFICATE')

# The private scalars of both keys appear nowhere in the store's files.
`$scalars = foreach (`$c in `$auth, `$off) { , [System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::GetECDsaPrivateKey(`$c).ExportParameters(`$true).D }
`$files = Get-ChildItem ./store -File | ForEach-Object { [Convert]::ToHexString([IO.File]::ReadAllBytes(`$_.FullName)) }
`$found = foreach (`$hex in `$files) { foreach (`$d in `$scalars) { `$hex.Contains([Convert]::ToHexString(`$d)) } }
'KEYBYTES=' + `$scalars.Count + '|' + `$scalars[0].Length + '|' + (`$found -contains `$true)

`$my.Open('ReadWrite'); `$my.Remove(`$auth); `$my.Close()
'GONE=' + (Get-KsefCertificate OsAuth).KeyReachable
try { Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate OsAuth | Out-Null }
catch { 'UNREACHABLE=' + `$_.FullyQualifiedErrorId + '|' + `$_.Exception.Message }
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'ENTRY=OsAuth\|CertificateStore\|True\|CurrentUser/My/[0-9A-F]{40}'
        $run.Output | Should -Match 'ENTRY=OsOffline\|CertificateStore\|True\|CurrentUser/My/[0-9A-F]{40}'
        $run.Output | Should -Match 'BADTHUMB=ThumbprintInvalid,'
        $run.Output | Should -Match 'STATE=Active'
        $run.Output | Should -Match 'ENROLLED=Store'
        $run.Output | Should -Match 'LINK=True'
        $run.Output | Should -Match 'OBJECT=True'
        $run.Output | Should -Match 'NOENV=EnvironmentRequired,'
        $run.Output | Should -Match 'EXPORTKEY=KeyNotExportable,.*\|False'
        $run.Output | Should -Match 'EXPORTCERT=True'
        $run.Output | Should -Match 'KEYBYTES=2\|32\|False'
        $run.Output | Should -Match 'GONE=False'
        $run.Output | Should -Match "UNREACHABLE=KeyUnreachable,[^|]*\|The private key of 'OsAuth'"
        Remove-Item -Recurse -Force $work
    }

    It 'logs in again with the key in the OS store when the refresh token has expired, and protects invoices after it' {
        $emulator = Start-KsefEmulator -ModulePath $script:ModulePath -Setting @('--Emulator:AuthProcessingDelay=00:00:00',
            '--Emulator:AccessTokenLifetime=00:00:02', '--Emulator:RefreshTokenLifetime=00:00:03', '--Emulator:RateLimits=false')
        $work = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-custody-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory $work | Out-Null
        try {
            $run = Invoke-InFreshPwsh -StorePath (Join-Path $work 'store/store.db') -Script @"
`$env:HOME = '$work/home'
Set-Location '$work'
`$secret = ConvertTo-SecureString 'custody' -AsPlainText -Force
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -OrganizationName Org -Nip `$nip -Name Auth -StorePath ./scratch.db | Out-Null
New-KsefTestCertificate -OrganizationName Org -Nip `$nip -Usage Offline -Name Off -StorePath ./scratch.db | Out-Null
`$my = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
`$my.Open('ReadWrite')
foreach (`$name in 'Auth', 'Off') {
    Export-KsefCertificate `$name "./`$name.pfx" -Format Pfx -Password `$secret -StorePath ./scratch.db -Confirm:`$false | Out-Null
    `$certificate = [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadPkcs12FromFile("`$PWD/`$name.pfx", 'custody', 'PersistKeySet')
    `$my.Add(`$certificate)
    Add-KsefCertificate -Thumbprint `$certificate.Thumbprint -Name "Os`$name" -Usage `$(if (`$name -eq 'Off') { 'Offline' } else { 'Authentication' }) | Out-Null
}
`$my.Close()
Remove-Item ./scratch.db*, ./*.pfx

Connect-Ksef -ApiUrl '$($emulator.Url)' -Nip `$nip -Certificate OsAuth | Out-Null
`$deadline = [DateTime]::UtcNow.AddSeconds(40)
while ((Get-KsefSession).Reauthentications -lt 1 -and [DateTime]::UtcNow -lt `$deadline) { Get-KsefCertificateLimit | Out-Null }
'REAUTH=' + (Get-KsefSession).Reauthentications
'STILL=' + (Get-KsefCertificateLimit).CanRequest
[IO.File]::WriteAllText("`$PWD/fv.xml", [IO.File]::ReadAllText('$script:Template').Replace('#nip#', `$nip).Replace('#invoice_number#', 'R-1'))
'LINK=' + (Protect-KsefInvoice ./fv.xml -Certificate OsOff | Test-KsefCertificateLink -Certificate OsOff).Valid
"@
            $run.ExitCode | Should -Be 0 -Because $run.Output
            $run.Output | Should -Match 'REAUTH=1'
            $run.Output | Should -Match 'STILL=True'
            $run.Output | Should -Match 'LINK=True'
        }
        finally {
            Stop-KsefEmulator $emulator
            Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
        }
    }
}
