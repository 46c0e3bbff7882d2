BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Spec = Join-Path $PSScriptRoot '../../spec'
    $script:Emulator = Start-KsefEmulator -ModulePath $script:ModulePath -Setting '--Emulator:AuthProcessingDelay=00:00:00.010', '--Emulator:InvoiceProcessingDelay=00:00:00.050',
        '--Emulator:RateLimits=false'
    $script:Template = Join-Path $script:Spec 'samples/invoice-template-fa-3.xml'
}
AfterAll {
    Stop-KsefEmulator $script:Emulator
}

# The cmdlet side of the hostile-input suite (tests/KsefPS.Core.Tests/Security/HostileInputTests.cs holds the engine rows).
Describe 'Cmdlets facing hostile answers and careless input' {
    It 'Get-KsefInvoice | Save-KsefInvoice refuses a KSeF number of ../../x from a rewritten answer and writes nothing outside' {
        Invoke-Emulator DELETE '/emulator/faults' | Out-Null
        $run = Invoke-Seller (New-TestStorePath) 1 'H' @"
`$sent = Get-ChildItem `$folder -Filter *.xml | Send-KsefInvoice -Wait
`$rule = @{ pathPrefix = '/v2/invoices/query/metadata'; kind = 'Rewrite'; find = `$sent.KsefNumber; replaceWith = '../../escaped'; times = 1 } | ConvertTo-Json
Invoke-RestMethod -Method Post -Uri '$($script:Emulator.Url)/emulator/faults' -Body `$rule -ContentType 'application/json' | Out-Null
`$inbox = Join-Path `$folder 'a/b/inbox'
`$saved = Get-KsefInvoice -SubjectType Seller -From ([DateTime]::UtcNow.AddHours(-1)) | Save-KsefInvoice -OutputDirectory `$inbox -ErrorAction SilentlyContinue -ErrorVariable failed
'ERRORS=' + ((`$failed | ForEach-Object { `$_.FullyQualifiedErrorId.Split(',')[0] }) -join ',')
'SAVED=' + @(`$saved).Count
'ESCAPED=' + @(Get-ChildItem -Recurse `$folder -Filter 'escaped*').Count
"@
        $run.Output | Should -Match 'ERRORS=KsefNumberInvalid'
        $run.Output | Should -Match 'SAVED=0'
        $run.Output | Should -Match 'ESCAPED=0'
        $run.ExitCode | Should -Be 0
    }

    It 'Send-KsefInvoice -Debug in a non-interactive host sends, narrates and never stops at a question' {
        $run = Invoke-Seller (New-TestStorePath) 1 'D' @"
`$result = Get-ChildItem `$folder -Filter *.xml | Send-KsefInvoice -Mode Online -Wait -Debug 4>&1 3>&1 | Where-Object { `$_ -isnot [System.Management.Automation.VerboseRecord] }
'STATUS=' + `$result.Status
Get-KsefStore -Debug 4>`$null | Out-Null
'STORE=ok'
"@
        $run.Output | Should -Match 'STATUS=Accepted'
        $run.Output | Should -Match 'STORE=ok'
        $run.Output | Should -Not -Match 'Read and Prompt'
        $run.ExitCode | Should -Be 0
    }

    It 'a session shows when its tokens expire, never the tokens nor a call that carries them, to any script' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
$(Get-ConnectedPrelude)
`$session = Get-KsefSession
'MEMBERS=' + ((`$session | Get-Member -Force | Where-Object { `$_.Name -match 'Token|Http|Bearer|Send|Download|Json' -and `$_.Name -notlike 'get_*' } | ForEach-Object Name | Sort-Object) -join ',')
"@
        $run.Output | Should -Match 'MEMBERS=AccessTokenExpires,RefreshTokenExpires\r?\n'
    }

    It "Remove-KsefCertificate '*' -WhatIf names how many and which, and removes nothing" {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @'
foreach ($name in 'Alpha', 'Beta', 'Gamma') { New-KsefTestCertificate -GivenName A -Surname R -Nip (New-KsefTestIdentifier) -Name $name | Out-Null }
Remove-KsefCertificate '*' -WhatIf
'LEFT=' + @(Get-KsefCertificate).Count
'@
        $run.Output | Should -Match 'Remove 3 certificates'
        foreach ($name in 'Alpha', 'Beta', 'Gamma') { $run.Output | Should -Match "$name \(Authentication, Test" }
        $run.Output | Should -Match 'LEFT=3'
        $run.ExitCode | Should -Be 0
    }

    It 'typed errors where they were raw: a missing export folder, a KSeF number typo, a reference with ../, an invoice KSeF would refuse queued offline' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
New-KsefTestCertificate -OrganizationName X -Nip 5265877635 -Name Off -Usage Offline | Out-Null
$script:ErrorIdHelper
'EXPORT=' + (Id { Export-KsefCertificate Off -Path (Join-Path ([IO.Path]::GetTempPath()) 'no-such-folder-$([guid]::NewGuid().ToString('N'))/off.cer') })
'SAVE=' + (Id { Save-KsefInvoice -KsefNumber '5265877635-20250901-0123456789AB-00' -OutputDirectory ([IO.Path]::GetTempPath()) })
'UPO=' + (Id { Get-KsefUpo -SessionReferenceNumber '../../20250625-SO-2C3E6C8000-B675CF5D68-07' -OutputDirectory ([IO.Path]::GetTempPath()) })
`$bom = Join-Path ([IO.Path]::GetTempPath()) 'ksefps-bom-$([guid]::NewGuid().ToString('N')).xml'
[IO.File]::WriteAllText(`$bom, [IO.File]::ReadAllText('$script:Template').Replace('#nip#', '5265877635').Replace('#invoice_number#', '1'), [Text.UTF8Encoding]::new(`$true))
'PROTECT=' + (Id { Protect-KsefInvoice `$bom -Certificate Off })
'QUEUED=' + @(Get-KsefOfflineInvoice).Count
"@
        $run.Output | Should -Match 'EXPORT=OutputDirectoryNotFound'
        $run.Output | Should -Match 'SAVE=KsefNumberInvalid'
        $run.Output | Should -Match 'UPO=ReferenceNumberInvalid'
        $run.Output | Should -Match 'PROTECT=InvoiceInvalid'
        $run.Output | Should -Match 'QUEUED=0'
    }

    It 'creates every folder level above a new store 0700 under umask 000' {
        $root = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-umask-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $child = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-umask-' + [guid]::NewGuid().ToString('N') + '.ps1')
        Set-Content $child "Import-Module '$script:ModulePath'; Get-KsefStore -StorePath '$root/a/b/store.db' | Out-Null"
        $pwsh = [Environment]::ProcessPath
        $launch = if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { "'$pwsh' '$(Join-Path $PSHOME 'pwsh.dll')'" } else { "'$pwsh'" }
        & sh -c "umask 000 && exec $launch -NoProfile -NonInteractive -File '$child'"
        $LASTEXITCODE | Should -Be 0
        foreach ($level in $root, "$root/a", "$root/a/b") { [IO.File]::GetUnixFileMode($level) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite, UserExecute') }
        Remove-Item -Recurse -Force $root, $child
    }
}
