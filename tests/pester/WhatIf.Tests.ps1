BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Spec = Join-Path $PSScriptRoot '../../spec'
    $script:Template = Join-Path $script:Spec 'samples/invoice-template-fa-3.xml'
    $script:Emulator = Start-KsefEmulator -ModulePath $script:ModulePath -Setting '--Emulator:AuthProcessingDelay=00:00:00.010', '--Emulator:InvoiceProcessingDelay=00:00:00.050',
        '--Emulator:RateLimits=false', '--Emulator:EnrollmentProcessingDelay=00:00:00.010'
}
AfterAll {
    Stop-KsefEmulator $script:Emulator
}

Describe 'Every cmdlet that changes something honours -WhatIf' {
    It 'is every cmdlet that writes files, the store or KSeF, and each one with -WhatIf changes none of them' {
        # What each changing cmdlet is given; a new cmdlet that changes something needs a row here, or this test fails.
        $calls = [ordered]@{
            'Add-KsefCertificate'     = { Add-KsefCertificate ./anna.pfx -Password $secret -Usage Offline -Name Copy -WhatIf }
            'New-KsefTestCertificate' = { New-KsefTestCertificate -GivenName A -Surname B -Nip $nip -Name Another -WhatIf }
            'Export-KsefCertificate'  = { Export-KsefCertificate Anna ./exported.pem -WhatIf }
            'Remove-KsefCertificate'  = { Remove-KsefCertificate '*' -WhatIf }
            'Set-KsefStore'           = { Set-KsefStore -Protection Passphrase -Passphrase $secret -WhatIf }
            'Request-KsefCertificate' = { Get-KsefCertificate Anna | Request-KsefCertificate -RevokeOld -WhatIf }
            'Revoke-KsefCertificate'  = { Revoke-KsefCertificate (Get-KsefCertificate 'Issued one').SerialNumber -WhatIf }
            'New-KsefToken'           = { New-KsefToken -Permission InvoiceRead -Description 'Another one' -Name Another -WhatIf }
            'Revoke-KsefToken'        = { Revoke-KsefToken Nightly -WhatIf }
            'Remove-KsefToken'        = { Remove-KsefToken Nightly -WhatIf }
            'Grant-KsefPermission'    = { Grant-KsefPermission -Pesel 44051401458 -FirstName Ewa -LastName Nowak -Permission InvoiceRead -WhatIf }
            'Revoke-KsefPermission'   = { Revoke-KsefPermission 3f2504e0-4f89-11d3-9a0c-0305e82c3301 -WhatIf }
            'New-KsefTestSubject'     = { New-KsefTestSubject -Nip $nip -SubjectType VatGroup -WhatIf }
            'New-KsefTestPerson'      = { New-KsefTestPerson -Pesel 44051401458 -Nip $nip -WhatIf }
            'Remove-KsefTestSubject'  = { Remove-KsefTestSubject -Nip $nip -WhatIf }
            'Remove-KsefTestPerson'   = { Remove-KsefTestPerson -Nip $nip -WhatIf }
            'Set-KsefTestCertificate' = { Set-KsefTestCertificate (Get-KsefCertificate 'Issued one').SerialNumber -ValidTo (Get-Date) -WhatIf }
            'Set-KsefTestContext'     = { Set-KsefTestContext -Nip $nip -AttachmentsAllowed $true -Blocked $true -WhatIf }
            'Set-KsefTestPermission'  = { Set-KsefTestPermission $nip -Pesel 44051401458 -Permission InvoiceRead -WhatIf }
            'Set-KsefTestLimit'       = { Set-KsefTestLimit -PerSecond 1 -PerMinute 2 -PerHour 3 -WhatIf; Set-KsefTestLimit -SessionType Batch -MaxInvoices 1 -WhatIf; Set-KsefTestLimit -MaxCertificates 1 -WhatIf; Set-KsefTestLimit -Reset -WhatIf }
            'Protect-KsefInvoice'     = { Protect-KsefInvoice ./fresh.xml -Certificate 'Issued one' -OutputDirectory ./qr -WhatIf }
            'Remove-KsefOfflineInvoice' = { Get-KsefOfflineInvoice -All | Remove-KsefOfflineInvoice -WhatIf; Remove-KsefOfflineInvoice -SentBefore (Get-Date).AddDays(1) -WhatIf }
            'New-KsefQrCode'          = { New-KsefQrCode -Url 'https://qr-test.ksef.mf.gov.pl/invoice/5265877635/01-09-2025/AAAA' -Label X -Path ./qr.png -WhatIf }
            'Send-KsefInvoice'        = { Send-KsefInvoice ./fresh.xml -WhatIf }
            'Get-KsefUpo'             = { Get-KsefUpo -SessionReferenceNumber $sent.SessionReferenceNumber -OutputDirectory ./upo -WhatIf; $sent | Get-KsefUpo -PerInvoice -OutputDirectory ./upo -WhatIf }
            'Save-KsefInvoice'        = { Save-KsefInvoice -KsefNumber $sent.KsefNumber -OutputDirectory ./inbox -WhatIf }
            'Sync-KsefInvoice'        = { Sync-KsefInvoice -SubjectType Seller -OutputDirectory ./inbox -WhatIf }
            'Disconnect-Ksef'         = { Disconnect-Ksef -WhatIf }
            'Revoke-KsefAuthenticationSession' = { Get-KsefAuthenticationSession -Current | Revoke-KsefAuthenticationSession -WhatIf }
        }
        Import-Module $script:ModulePath -Force
        # Cmdlets that change nothing: they read, compute, or hold state only in this process (Connect-Ksef and
        # Unlock-KsefStore: a session or an unlocked key in memory; Open-KsefPortal: a browser).
        $readOnly = 'New-KsefTestIdentifier', 'Open-KsefPortal', 'Connect-Ksef', 'Lock-KsefStore', 'Unlock-KsefStore'
        $changing = Get-Command -Module KsefPS | Where-Object { ($_.Verb -notin 'Get', 'Test' -or $_.Name -eq 'Get-KsefUpo') -and $_.Name -notin $readOnly }
        ($changing.Name | Sort-Object) | Should -Be ($calls.Keys | Sort-Object)
        foreach ($command in $changing) { $command.Parameters.ContainsKey('WhatIf') | Should -BeTrue -Because "$($command.Name) changes something" }

        $rows = ($calls.GetEnumerator() | ForEach-Object { "    @{ Name = '$($_.Key)'; Call = { $($_.Value) } }" }) -join "`n"
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
`$work = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-whatif-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory `$work | Out-Null
Set-Location `$work
`$secret = ConvertTo-SecureString 'whatif' -AsPlainText -Force
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -GivenName Anna -Surname Nowak -Nip `$nip -Name Anna | Out-Null
Export-KsefCertificate Anna ./anna.pfx -Format Pfx -Password `$secret -Confirm:`$false | Out-Null
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate Anna | Out-Null
Request-KsefCertificate -Usage Offline -Name 'Issued one' | Out-Null
New-KsefToken -Permission InvoiceRead -Description 'Nightly sync' -Name Nightly | Out-Null
`$template = [IO.File]::ReadAllText('$script:Template').Replace('#nip#', `$nip).Replace('<P_1>2025-09-01</P_1>', "<P_1>$(Get-PolishDate)</P_1>")
[IO.File]::WriteAllText("`$work/sent.xml", `$template.Replace('#invoice_number#', 'SENT'))
[IO.File]::WriteAllText("`$work/fresh.xml", `$template.Replace('#invoice_number#', 'FRESH'))
`$sent = Send-KsefInvoice ./sent.xml -Wait
Protect-KsefInvoice ./sent.xml -Certificate 'Issued one' | Out-Null
Get-KsefOfflineInvoice | Send-KsefInvoice -Wait -WarningAction SilentlyContinue | Out-Null # KSeF has it already: marked sent
if (-not (Get-KsefOfflineInvoice -All).KsefNumber) { throw 'the queue entry was not marked sent' }
function Snapshot {
    `$store = (Get-KsefStore).Path
    `$bytes = foreach (`$file in `$store, "`$store-wal") { if (Test-Path `$file) { [IO.File]::ReadAllBytes(`$file) } }
    `$files = (Get-ChildItem -Recurse `$work | ForEach-Object FullName | Sort-Object) -join '|'
    `$requests = (Invoke-RestMethod '$($script:Emulator.Url)/emulator/requests').PSObject.Properties | Where-Object Name -notlike 'GET *' | ForEach-Object { "`$(`$_.Name)=`$(`$_.Value)" }
    [Convert]::ToBase64String([Security.Cryptography.SHA256]::HashData([byte[]]@(`$bytes | ForEach-Object { `$_ }))) + '#' + `$files + '#' + ((`$requests | Sort-Object) -join ',')
}
`$calls = @(
$rows
)
foreach (`$call in `$calls) {
    `$before = Snapshot
    & `$call.Call *> `$null
    `$after = Snapshot
    "CHANGED=`$(`$call.Name)=`$(`$before -ne `$after)"
}
'SESSION=' + (Get-KsefSession).State
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        foreach ($name in $calls.Keys) { $run.Output | Should -Match "CHANGED=$name=False" -Because $run.Output }
        $run.Output | Should -Match 'SESSION=Active'
    }

    It 'Request-KsefCertificate -RevokeOld -WhatIf says it would also revoke' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -GivenName Anna -Surname Nowak -Nip `$nip -Name Anna | Out-Null
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate Anna | Out-Null
Request-KsefCertificate -Usage Authentication -Name 'Older one' | Out-Null
Get-KsefCertificate 'Older one' | Request-KsefCertificate -RevokeOld -WhatIf
"@
        $run.Output | Should -Match "What if:.*Request a KSeF Authentication certificate.*then revoke 'Older one'"
        $run.ExitCode | Should -Be 0
    }
}
