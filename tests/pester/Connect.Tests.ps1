BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Emulator = Start-KsefEmulator -ModulePath $script:ModulePath -Setting '--Emulator:AuthProcessingDelay=00:00:00.050'
}
AfterAll {
    Stop-KsefEmulator $script:Emulator
}

Describe 'Connect-Ksef from the built module' {
    It 'logs in against the emulator, shows the session without tokens, keeps a KSeF token and reconnects with it' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -GivenName Anna -Surname Nowak -Nip `$nip -Name Anna | Out-Null
`$session = Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate Anna
`$session | Format-Table | Out-String -Width 200
`$session | Format-List * | Out-String -Width 200
New-KsefToken -Permission InvoiceRead -Description 'pester token' -Name Job | Format-Table | Out-String -Width 200
Disconnect-Ksef
'TOKENLOGIN=' + (Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -TokenName Job).AuthenticationMethod
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'Environment\s+Context\s+Subject\s+AuthenticationMethod\s+AccessTokenExpires\s+State'
        $run.Output | Should -Match 'Test\s+Nip:\d{10}\s+Nip:\d{10}\s+QualifiedSignature'
        $run.Output | Should -Match 'Job\s+\d{8}-EC-'
        $run.Output | Should -Match 'TOKENLOGIN=Token'
        $run.Output | Should -Not -Match 'eyJ'
    }

    It 'asks KSeF for a named token only when the store can keep it, and a token''s session cannot make one' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -GivenName Anna -Surname Nowak -Nip `$nip -Name Anna | Out-Null
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate Anna | Out-Null
$script:ErrorIdHelper
function AtKsef { @(Get-KsefToken -Remote).Count }
New-KsefToken -Permission InvoiceRead -Description 'the first' -Name Job | Out-Null
'TAKEN=' + (Id { New-KsefToken -Permission InvoiceRead -Description 'same name' -Name JOB }) + '|' + (AtKsef)
`$secret = ConvertTo-SecureString 'pester passphrase' -AsPlainText -Force
Set-KsefStore -Protection Passphrase -Passphrase `$secret -Confirm:`$false
Lock-KsefStore
'LOCKED=' + (Id { New-KsefToken -Permission InvoiceRead -Description 'locked store' -Name Other }) + '|' + (AtKsef)
Unlock-KsefStore -Passphrase `$secret
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -TokenName Job | Out-Null
'BYTOKEN=' + (Id { New-KsefToken -Permission InvoiceRead -Description 'made by a token' })
"@
        $run.Output | Should -Match 'TAKEN=TokenNameTaken\|1(\r?\n|$)'
        $run.Output | Should -Match 'LOCKED=StoreLocked\|1(\r?\n|$)'
        $run.Output | Should -Match 'BYTOKEN=KsefForbidden'
    }

    It 'refuses an Offline certificate with a clear ErrorId' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
New-KsefTestCertificate -OrganizationName Org -Nip 5265877635 -Usage Offline -Name Off | Out-Null
try { Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip 5265877635 -Certificate Off } catch { 'ERRORID=' + `$_.FullyQualifiedErrorId }
"@
        $run.Output | Should -Match 'ERRORID=CertificateUsageWrong,'
    }
}
