BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    # Invoices take a second to process, so that a -Wait always has something to wait for and say.
    $script:Emulator = Start-KsefEmulator -ModulePath $script:ModulePath -Setting '--Emulator:AuthProcessingDelay=00:00:00.010', '--Emulator:RateLimits=false', '--Emulator:InvoiceProcessingDelay=00:00:01'
}
AfterAll {
    Stop-KsefEmulator $script:Emulator
}

# What a newcomer meets in the first hour: errors that say what to do next, and NIPs written as people write them.
Describe 'Errors suggest the next step' {
    It 'an address that does not resolve fails at once, without retries, and says to check it' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @'
New-KsefTestCertificate -GivenName A -Surname B -Nip 5265877635 -Name A | Out-Null
try { Connect-Ksef -ApiUrl 'http://ksefps-no-such-host.invalid' -Nip 5265877635 -Certificate A } catch {
    'ID=' + $_.FullyQualifiedErrorId.Split(',')[0]
    'NEXT=' + $_.ErrorDetails.RecommendedAction
    'ATTEMPTS=' + ($_.Exception.Message -match 'Gave up after')
}
'@
        $run.Output | Should -Match 'ID=KsefUnavailable'
        $run.Output | Should -Match "NEXT=Check the address: 'ksefps-no-such-host.invalid' does not resolve"
        $run.Output | Should -Match 'ATTEMPTS=False'
    }

    It 'a refused connection says to check -ApiUrl and that KSeF or the emulator is reachable' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()   # a port nobody listens on
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
New-KsefTestCertificate -GivenName A -Surname B -Nip 5265877635 -Name A | Out-Null
try { Connect-Ksef -ApiUrl 'http://127.0.0.1:$port' -Nip 5265877635 -Certificate A } catch { 'NEXT=' + `$_.ErrorDetails.RecommendedAction }
"@
        $run.Output | Should -Match "NEXT=Check -ApiUrl \(http://127.0.0.1:$port\) and that KSeF, or the local emulator, is reachable"
    }

    It 'a certificate that is not there points to Get-KsefCertificate; an unknown KSeF number to checking it' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -GivenName A -Surname B -Nip `$nip -Name A | Out-Null
try { Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate Nope } catch { 'CERT=' + `$_.ErrorDetails.RecommendedAction }
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate A | Out-Null
# A well-formed number KSeF does not have (21164).
`$body = "`$nip-20250101-0123456789AB"
`$number = 0..255 | ForEach-Object { `$body + '-' + `$_.ToString('X2') } | Where-Object { Test-KsefNumber `$_ } | Select-Object -First 1
Save-KsefInvoice -KsefNumber `$number -OutputDirectory ([IO.Path]::GetTempPath()) -ErrorAction SilentlyContinue -ErrorVariable failed
'NUMBER=' + `$failed[0].FullyQualifiedErrorId.Split(',')[0] + '|' + `$failed[0].ErrorDetails.RecommendedAction
"@
        $run.Output | Should -Match 'CERT=Get-KsefCertificate lists the certificates in the store'
        $run.Output | Should -Match 'NUMBER=InvoiceNotFound\|Check the number, and that you are connected in the context'
    }
}

Describe 'A certificate near its end is said before KSeF refuses it' {
    It 'Connect-Ksef and Protect-KsefInvoice warn about a stored certificate within 30 days of its end, and say nothing of one far from it' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -GivenName A -Surname B -Nip `$nip -Name Short -ValidDays 10 | Out-Null
New-KsefTestCertificate -GivenName A -Surname B -Nip `$nip -Name Long | Out-Null
New-KsefTestCertificate -OrganizationName 'Firma Testowa' -Nip `$nip -Usage Offline -Name ShortSeal -ValidDays 10 | Out-Null
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate Short -WarningVariable short | Out-Null
'SHORT=' + (`$short -join ' ')
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate Long -WarningVariable long | Out-Null
'LONG=' + @(`$long).Count
`$xml = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-expiring-' + [guid]::NewGuid().ToString('N') + '.xml')
[IO.File]::WriteAllText(`$xml, [IO.File]::ReadAllText('$((Join-Path $PSScriptRoot '../../spec/samples/invoice-template-fa-3.xml'))').Replace('#nip#', `$nip).Replace('#invoice_number#', 'E1'))
Protect-KsefInvoice `$xml -Certificate ShortSeal -WarningVariable seal | Out-Null
'SEAL=' + (`$seal -join ' ')
Remove-Item `$xml
"@
        $run.Output | Should -Match "SHORT='Short' expires on \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(in (9|10) days\); renew it before then \(a KSeF certificate: Get-KsefCertificate 'Short' \| Request-KsefCertificate\)\."
        $run.Output | Should -Match 'LONG=0'
        $run.Output | Should -Match "SEAL='ShortSeal' expires on .* \(in (9|10) days\)"
    }
}

Describe 'NIPs as people write them' {
    It 'Connect-Ksef, New-KsefTestCertificate and Protect-KsefInvoice take 526-587-76-35 as 5265877635; one not of KSeF''s shape is NipInvalid everywhere' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
`$nip = New-KsefTestIdentifier
`$dashed = `$nip.Substring(0, 3) + '-' + `$nip.Substring(3, 3) + '-' + `$nip.Substring(6, 2) + '-' + `$nip.Substring(8)
'CERT=' + (New-KsefTestCertificate -GivenName A -Surname B -Nip `$dashed -Name A).Identifier
'SESSION=' + (Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$dashed -Certificate A).Context
$script:ErrorIdHelper
'BAD=' + ((Id { Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip 100-456-78-90 -Certificate A }),
          (Id { New-KsefTestCertificate -GivenName A -Surname B -Nip 100-456-78-90 }),
          (Id { Protect-KsefInvoice ./x.xml -Certificate A -Nip 100-456-78-90 }) -join ',')
'NIP=' + `$nip
"@
        $nip = [regex]::Match($run.Output, 'NIP=(\d{10})').Groups[1].Value
        $run.Output | Should -Match "CERT=$nip"
        $run.Output | Should -Match "SESSION=Nip:$nip"
        $run.Output | Should -Match 'BAD=NipInvalid,NipInvalid,NipInvalid'
    }
}

Describe 'Certificate serial numbers as people type them' {
    It 'Get-KsefIssuedCertificate and Revoke-KsefCertificate take a KSeF serial in any case; anything else is SerialNumberInvalid, per item' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
$(Get-ConnectedPrelude)
`$issued = Request-KsefCertificate -Usage Offline -Name 'Serial test'
'FOUND=' + @(Get-KsefIssuedCertificate -SerialNumber (' ' + `$issued.SerialNumber.ToLowerInvariant())).Count
$script:ErrorIdHelper
'QUERY=' + (Id { Get-KsefIssuedCertificate -SerialNumber 'not-a-serial' })
# A typo in a pipeline is refused for itself; the KSeF serial beside it is still revoked.
[pscustomobject]@{ SerialNumber = '12345' }, (Get-KsefCertificate 'Serial test') | Revoke-KsefCertificate -Confirm:`$false -ErrorVariable bad -ErrorAction SilentlyContinue
'BAD=' + ((`$bad | ForEach-Object { `$_.FullyQualifiedErrorId.Split(',')[0] }) -join ',')
'TYPO=' + (Id { Revoke-KsefCertificate 'xyz' -Confirm:`$false -ErrorAction Stop })
'STATUS=' + (Get-KsefIssuedCertificate -SerialNumber `$issued.SerialNumber).Status
"@
        $run.Output | Should -Match 'FOUND=1'
        $run.Output | Should -Match 'QUERY=SerialNumberInvalid'
        $run.Output | Should -Match 'BAD=SerialNumberInvalid(\r?\n|$)'
        $run.Output | Should -Match 'TYPO=SerialNumberInvalid'
        $run.Output | Should -Match 'STATUS=(Revoked|Blocked)'
    }
}

Describe 'Durations are TimeSpans; the older ...Seconds parameters still mean seconds' {
    It 'a bare number, a TimeSpan and the older whole-seconds form all mean what they say; both at once is refused' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
$(Get-ConnectedPrelude)
Set-Content ./ksefps-duration.xml 'not sent: -WhatIf'
function Waits([scriptblock] `$Do) { ((& `$Do 4>&1) | Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] -and `$_.Message -match 'waited for up to' }).Message }
'BARE=' + (Waits { Send-KsefInvoice ./ksefps-duration.xml -Wait -WaitTimeout 300 -Verbose -WhatIf -ErrorAction SilentlyContinue })
'SPAN=' + (Waits { Send-KsefInvoice ./ksefps-duration.xml -Wait -WaitTimeout (New-TimeSpan -Minutes 10) -Verbose -WhatIf -ErrorAction SilentlyContinue })
'OLD=' + (Waits { Send-KsefInvoice ./ksefps-duration.xml -Wait -WaitTimeoutSeconds 300 -Verbose -WhatIf -ErrorAction SilentlyContinue })
$script:ErrorIdHelper
'BOTH=' + (Id { Send-KsefInvoice ./ksefps-duration.xml -Wait -WaitTimeout 300 -WaitTimeoutSeconds 300 -WhatIf }) + ',' + (Id { Sync-KsefInvoice -OutputDirectory ./in -LockTimeout 5 -LockTimeoutSeconds 5 -WhatIf })
'ZERO=' + (Id { Send-KsefInvoice ./ksefps-duration.xml -Wait -WaitTimeout 0 -WhatIf })
Remove-Item ./ksefps-duration.xml
"@
        $run.Output | Should -Match 'BARE=.*up to 300 s'
        $run.Output | Should -Match 'SPAN=.*up to 600 s'
        $run.Output | Should -Match 'OLD=.*up to 300 s'
        $run.Output | Should -Match 'BOTH=DurationGivenTwice,DurationGivenTwice'
        $run.Output | Should -Match 'ZERO=DurationOutOfRange'
    }
}

Describe 'A range that can hold nothing is refused before KSeF is asked' {
    It 'a start after its end, a start in the future, a minimum above a maximum: RangeInvalid, and no query reaches KSeF' {
        function Queries { @((Invoke-Emulator GET '/emulator/requests').PSObject.Properties | Where-Object Name -match 'invoices/query|invoices/exports|GET /v2/sessions' | ForEach-Object Value) | Measure-Object -Sum | ForEach-Object Sum }
        $before = Queries
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
$(Get-ConnectedPrelude)
$script:ErrorIdHelper
'BAD=' + ((Id { Get-KsefInvoice -SubjectType Seller -From (Get-Date) -To (Get-Date).AddDays(-2) }),
          (Id { Get-KsefInvoice -SubjectType Seller -From (Get-Date).AddDays(1) }),
          (Id { Get-KsefInvoice -SubjectType Seller -From '2026-03-01' -To '2026-02-01' }),
          (Id { Get-KsefInvoice -SubjectType Seller -MinimumAmount 100 -MaximumAmount 10 }),
          (Id { Get-KsefInvoiceSession -CreatedFrom (Get-Date) -CreatedTo (Get-Date).AddHours(-1) }),
          (Id { Get-KsefInvoiceSession -ClosedFrom (Get-Date) -ClosedTo (Get-Date).AddHours(-1) }),
          (Id { Get-KsefInvoiceSession -ModifiedFrom (Get-Date) -ModifiedTo (Get-Date).AddHours(-1) }),
          (Id { Sync-KsefInvoice -OutputDirectory ./in -Since (Get-Date).AddDays(1) -WhatIf }) -join ',')
try { Get-KsefInvoice -SubjectType Seller -From '2026-03-01' -To '2026-02-01' } catch { 'MESSAGE=' + `$_.Exception.Message }
'GOOD=' + ((Id { Get-KsefInvoice -SubjectType Seller -From (Get-Date).AddDays(-1) -To (Get-Date) -MinimumAmount 10 -MaximumAmount 10 }),
           (Id { Get-KsefInvoiceSession -CreatedFrom (Get-Date).AddHours(-1) -CreatedTo (Get-Date) }) -join ',')
"@
        $run.Output | Should -Match 'BAD=RangeInvalid(,RangeInvalid){7}(\r?\n|$)'
        $run.Output | Should -Match 'MESSAGE=-From \(2026-03-01 00:00:00 .*\) is after -To \(2026-02-01 00:00:00 .*\); the range would hold nothing\.'
        $run.Output | Should -Match 'GOOD=none,none'
        # The two good calls asked KSeF (a metadata query, two session lists); the eight refused ones asked nothing.
        (Queries) - $before | Should -Be 3
    }
}

Describe 'Tab completion offers what fits' {
    It 'Authentication certificates to Connect-Ksef, Offline ones to Protect-KsefInvoice, never revoked ones; token names; serial numbers' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
$(Get-ConnectedPrelude AuthOne)
New-KsefTestCertificate -OrganizationName O -Nip `$nip -Usage Offline -Name OffOne | Out-Null
`$revoked = Request-KsefCertificate -Usage Authentication -Name 'AuthRevoked'
Revoke-KsefCertificate `$revoked.SerialNumber -Confirm:`$false
New-KsefToken -Permission InvoiceRead -Description 'Nightly sync' -Name NightlyToken | Out-Null
function Complete([string] `$line) { ((TabExpansion2 -inputScript `$line -cursorColumn `$line.Length).CompletionMatches.ListItemText | Sort-Object) -join ',' }
'CONNECT=' + (Complete 'Connect-Ksef -Certificate ')
'PROTECT=' + (Complete 'Protect-KsefInvoice -Certificate ')
'EXPORT=' + (Complete 'Export-KsefCertificate -Name ')
'TOKEN=' + (Complete 'Connect-Ksef -TokenName Ni') + '|' + (Complete 'Revoke-KsefToken ')
'SERIALS=' + (Complete 'Revoke-KsefCertificate ')
'EXPECTED=' + (((Get-KsefCertificate | Where-Object Status -ne Revoked).SerialNumber | Sort-Object) -join ',')
"@
        $run.Output | Should -Match 'CONNECT=AuthOne\r?\n'
        $run.Output | Should -Match 'PROTECT=OffOne\r?\n'
        $run.Output | Should -Match 'EXPORT=AuthOne,AuthRevoked,OffOne\r?\n'
        $run.Output | Should -Match 'TOKEN=NightlyToken\|NightlyToken'
        $expected = [regex]::Match($run.Output, 'EXPECTED=(\S+)').Groups[1].Value
        $expected | Should -Not -BeNullOrEmpty
        $run.Output | Should -Match "SERIALS=$expected\r?\n"
    }
}

Describe 'Long waits and long runs are narrated' {
    It 'Send-KsefInvoice -Wait says what it waits for; Get-KsefInvoice and Sync-KsefInvoice say their steps to -Verbose' {
        $template = Join-Path $PSScriptRoot '../../spec/samples/invoice-template-fa-3.xml'
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
$(Get-ConnectedPrelude)
`$folder = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-narrate-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory `$folder | Out-Null
`$xml = [IO.File]::ReadAllText('$template').Replace('#nip#', `$nip).Replace('#invoice_number#', 'N1').Replace('<P_1>2025-09-01</P_1>', "<P_1>$(Get-PolishDate)</P_1>")
[IO.File]::WriteAllText("`$folder/fv.xml", `$xml)
function Said([scriptblock] `$Do) { ((& `$Do 4>&1) | Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] }).Message -join ' || ' }
'SEND=' + (Said { Send-KsefInvoice "`$folder/fv.xml" -Wait -Verbose })
'LIST=' + (Said { Get-KsefInvoice -SubjectType Seller -From ([DateTime]::UtcNow.AddHours(-1)) -Verbose })
'SYNC=' + (Said { Sync-KsefInvoice -SubjectType Seller -OutputDirectory "`$folder/inbox" -Verbose })
Remove-Item -Recurse -Force `$folder
"@
        $run.Output | Should -Match 'SEND=.*Waiting for KSeF to process session \d{8}-SO-'
        $run.Output | Should -Match 'LIST=.*Listing Seller invoices by .* page by page.*1 invoices in 1 page\(s\)'
        $run.Output | Should -Match 'SYNC=.*First sync of Seller invoices.*1 downloaded'
    }
}
