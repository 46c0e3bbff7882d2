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
`$early = New-KsefToken -Permission InvoiceRead -Description 'not waited for' -NoWait
'NOWAIT=' + `$early.Status + '|' + (`$null -eq `$early.Author) + '|' + (`$early.Token -is [securestring])
'TOKENCSV=' + ((Get-KsefToken -Remote | Where-Object Description -eq 'pester token' | Select-Object Permissions | ConvertTo-Csv) -join '|')
Disconnect-Ksef
'TOKENLOGIN=' + (Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -TokenName Job).AuthenticationMethod
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'Environment\s+Context\s+Subject\s+AuthenticationMethod\s+AccessTokenExpires\s+State'
        $run.Output | Should -Match 'Test\s+Nip:\d{10}\s+Nip:\d{10}\s+QualifiedSignature'
        $run.Output | Should -Match 'LastAuthenticationTimings\s+: \d+ ms: signing \d+, requests \d+, waiting for KSeF \d+'
        $run.Output | Should -Match 'Job\s+\d{8}-EC-\S+\s+Nip:\d{10}\s+Active'   # waited for: a new token is Pending at first
        $run.Output | Should -Match 'NOWAIT=Pending\|True\|True'
        $run.Output | Should -Match 'TOKENCSV="Permissions"\|"InvoiceRead"'   # the permissions, not a list's type name
        $run.Output | Should -Match 'TOKENLOGIN=Token'
        $run.Output | Should -Not -Match 'eyJ'
        $run.Output | Should -Not -Match 'Pacer'   # the engine's own objects stay inside it
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
try { New-KsefToken -Permission InvoiceRead -Description 'made by a token' } catch { 'BYTOKENNEXT=' + `$_.ErrorDetails.RecommendedAction }
"@
        $run.Output | Should -Match 'TAKEN=TokenNameTaken\|1(\r?\n|$)'
        $run.Output | Should -Match 'LOCKED=StoreLocked\|1(\r?\n|$)'
        $run.Output | Should -Match 'BYTOKEN=KsefForbidden'
        $run.Output | Should -Match 'BYTOKENNEXT=KSeF does not let this session do that \(the message says why\)'
    }

    It 'forgets a stored token that KSeF had already revoked, keeps one KSeF still holds, and Remove-KsefToken forgets without asking KSeF' {
        $null = Invoke-Emulator DELETE '/emulator/faults'
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -GivenName Anna -Surname Nowak -Nip `$nip -Name Anna | Out-Null
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate Anna | Out-Null
`$gone = New-KsefToken -Permission InvoiceRead -Description 'revoked elsewhere' -Name Gone
New-KsefToken -Permission InvoiceRead -Description 'still active' -Name Live | Out-Null
New-KsefToken -Permission InvoiceRead -Description 'to forget' -Name Forget | Out-Null
Revoke-KsefToken -ReferenceNumber `$gone.ReferenceNumber -StorePath (Join-Path (Split-Path `$env:KSEFPS_STORE) 'other/store.db') -Confirm:`$false
# KSeF refuses the next two revocations, as it may refuse a token that is no longer active.
Invoke-RestMethod -Method Post -Uri '$($script:Emulator.Url)/emulator/faults' -ContentType 'application/json' -Body (@{ Kind = 'Refuse'; Method = 'DELETE'; PathPrefix = '/v2/tokens/'; ExceptionCode = 21405; Times = 2 } | ConvertTo-Json) | Out-Null
Revoke-KsefToken Gone -Confirm:`$false -WarningVariable warned
'WARNED=' + (`$warned -join ' ')
Revoke-KsefToken Live -Confirm:`$false -ErrorVariable failed -ErrorAction SilentlyContinue
'FAILED=' + `$failed[0].FullyQualifiedErrorId.Split(',')[0]
Disconnect-Ksef
Remove-KsefToken Forget -Confirm:`$false
$script:ErrorIdHelper
'MISSING=' + (Id { Remove-KsefToken NoSuch -Confirm:`$false -ErrorAction Stop })
'STORED=' + ((Get-KsefToken).Name -join ',')
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate Anna | Out-Null
'ATKSEF=' + ((Get-KsefToken -Remote | Sort-Object Description | ForEach-Object { `$_.Description + ':' + `$_.Status }) -join ',')
"@
        $run.Output | Should -Match 'WARNED=KSeF had already revoked the token \d{8}-EC-\S+ \(''Gone''\); it is removed from the store\.'
        $run.Output | Should -Match 'FAILED=KsefRequestRejected'
        $run.Output | Should -Match 'MISSING=TokenNotFound'
        $run.Output | Should -Match 'STORED=Live(\r?\n|$)'
        $run.Output | Should -Match 'ATKSEF=revoked elsewhere:Revoked,still active:Active,to forget:Active'
    }

    It 'lists the context''s logins, revokes another one, and warns when the one revoked is its own' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -GivenName Anna -Surname Nowak -Nip `$nip -Name Anna | Out-Null
`$first = Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate Anna
`$second = Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate Anna
$script:ErrorIdHelper
Get-KsefAuthenticationSession | Format-Table | Out-String -Width 250
'LISTED=' + ((Get-KsefAuthenticationSession | ForEach-Object { "`$(`$_.ReferenceNumber):`$(`$_.IsCurrent)" }) -join ',')
'EXPECTED=' + `$second.ReferenceNumber + ':True,' + `$first.ReferenceNumber + ':False'
'CURRENT=' + ((Get-KsefAuthenticationSession -Current).ReferenceNumber -eq `$second.ReferenceNumber)
Get-KsefAuthenticationSession | Where-Object { -not `$_.IsCurrent } | Revoke-KsefAuthenticationSession -Confirm:`$false
'AFTER=' + ((Get-KsefAuthenticationSession).ReferenceNumber -eq `$second.ReferenceNumber)
'BAD=' + (Id { Revoke-KsefAuthenticationSession '../tokens' -Confirm:`$false -ErrorAction Stop })
Revoke-KsefAuthenticationSession `$second.ReferenceNumber -Confirm:`$false -WarningVariable warned 3>`$null
'WARNED=' + `$warned
'LEFT=' + @(Get-KsefAuthenticationSession).Count
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'ReferenceNumber\s+IsCurrent\s+StartDate\s+Method\s+StatusDescription\s+RefreshTokenValidUntil'
        $run.Output | Should -Match '\d{8}-AU-\S+\s+True\s+.+QualifiedSignature\s+200 '
        $listed = ($run.Output | Select-String 'LISTED=(.*)').Matches[0].Groups[1].Value
        $listed | Should -Be ($run.Output | Select-String 'EXPECTED=(.*)').Matches[0].Groups[1].Value
        $run.Output | Should -Match 'CURRENT=True'
        $run.Output | Should -Match 'AFTER=True'
        $run.Output | Should -Match 'BAD=ReferenceNumberInvalid'
        $run.Output | Should -Match "WARNED=That was this session's own authentication"
        $run.Output | Should -Match 'LEFT=0'
    }

    It 'refuses an Offline certificate with a clear ErrorId' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
New-KsefTestCertificate -OrganizationName Org -Nip 5265877635 -Usage Offline -Name Off | Out-Null
try { Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip 5265877635 -Certificate Off } catch { 'ERRORID=' + `$_.FullyQualifiedErrorId }
"@
        $run.Output | Should -Match 'ERRORID=CertificateUsageWrong,'
    }
}
