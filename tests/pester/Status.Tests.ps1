BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Emulator = Start-KsefEmulator -ModulePath $script:ModulePath -Setting '--Emulator:AuthProcessingDelay=00:00:00.050'
}
AfterAll {
    Stop-KsefEmulator $script:Emulator
}

Describe 'KSeF status from Latarnia' {
    It 'reports AVAILABLE, an announced failure with its message, and Unknown (never an error) when Latarnia cannot be asked' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
`$url = '$($script:Emulator.Url)/'
function Say(`$body) { Invoke-RestMethod -Method Post -Uri "$($script:Emulator.Url)/emulator/latarnia" -Body (`$body | ConvertTo-Json -Depth 4) -ContentType 'application/json' | Out-Null }
'AVAILABLE=' + (Get-KsefStatus -StatusUrl `$url).Status
Say @{ status = 'FAILURE'; message = @{ category = 'FAILURE'; type = 'FAILURE_START'; title = 'Awaria KSeF'; text = 'Trwa awaria.'; start = '2026-12-03T08:00:00Z' } }
`$failure = Get-KsefStatus -StatusUrl `$url
'FAILURE=' + `$failure.Status + '|' + `$failure.IsAvailable + '|' + `$failure.Messages[0].Type + '|' + `$failure.Messages[0].Title + '|' + `$failure.Messages[0].Start.ToString('yyyy-MM-dd')
'LISTED=' + (`$failure | Format-List Messages | Out-String -Width 200).Trim()
'TABLE=' + (`$failure.Messages | Format-Table | Out-String -Width 200)
Say @{ unreachable = `$true }
`$gone = Get-KsefStatus -StatusUrl `$url -Timeout 5
'UNREACHABLE=' + `$gone.Status + '|' + [bool]`$gone.Reason
Say @{ unreachable = `$false; status = 'AVAILABLE'; clear = `$true }
'DEMO=' + (Get-KsefStatus Demo).Status + '|' + (Get-KsefStatus Demo).Reason
New-KsefTestCertificate -GivenName Jan -Surname Status -Nip (`$nip = New-KsefTestIdentifier) -Name S | Out-Null
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate S | Out-Null
'SESSION=' + (Get-KsefStatus).Status
'LOGINS=' + (Get-KsefAuthenticationSession | Format-Table | Out-String -Width 300)
[cultureinfo]::CurrentCulture = 'th-TH'   # a Buddhist-era calendar: the tables' ISO dates stay Gregorian
'THAI=' + (Get-KsefCertificate S | Format-Table | Out-String -Width 300) + '|' + (Get-Date).ToString('yyyy')
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'AVAILABLE=AVAILABLE'
        $run.Output | Should -Match 'FAILURE=FAILURE\|False\|FAILURE_START\|Awaria KSeF\|2026-12-03'
        $run.Output | Should -Match 'LISTED=Messages : \{FAILURE_START 2026-12-03 08:00 UTC–ongoing: Awaria KSeF\}'
        $run.Output | Should -Match 'UNREACHABLE=Unknown\|True'
        $run.Output | Should -Match 'DEMO=Unknown\|No status service is published for Demo'
        $run.Output | Should -Match 'SESSION=AVAILABLE'
        # The table views show the dates they hold (an optional date's .Value reads as nothing in PowerShell).
        $run.Output | Should -Match 'FAILURE\s+FAILURE_START\s+2026-12-0[23] \d\d:\d\d\s+Awaria KSeF'
        $run.Output | Should -Match 'True\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+\S+\s+200 .+\s\d{4}-\d\d-\d\d \d\d:\d\d:\d\d'
        $run.Output | Should -Match "THAI=(?s).*S\s+Valid\s+Authentication\s+Test\s+($((Get-Date).Year + 1)|$((Get-Date).Year + 2))-\d\d-\d\d\s.*\|$((Get-Date).Year + 543)"
    }

    It 'an expired status (410 Gone) is StatusExpired, saying so, for an authentication and for a permission operation' {
        $expiring = Start-KsefEmulator -ModulePath $script:ModulePath -Setting @('--Emulator:AuthProcessingDelay=00:00:00.050',
            '--Emulator:AuthStatusRetention=00:00:00')
        $operations = Start-KsefEmulator -ModulePath $script:ModulePath -Setting @('--Emulator:AuthProcessingDelay=00:00:00.050',
            '--Emulator:PermissionOperationRetention=00:00:00')
        try {
            $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -GivenName Jan -Surname Status -Nip `$nip -Name S | Out-Null
try { Connect-Ksef -ApiUrl '$($expiring.Url)' -Nip `$nip -Certificate S | Out-Null; 'AUTH=none' } catch { 'AUTH=' + `$_.FullyQualifiedErrorId.Split(',')[0] + '|' + `$_.Exception.Message }
Connect-Ksef -ApiUrl '$($operations.Url)' -Nip `$nip -Certificate S | Out-Null
try { Grant-KsefPermission -Pesel (New-KsefTestIdentifier Pesel) -FirstName Ewa -LastName Nowak -Permission InvoiceRead | Out-Null; 'GRANT=none' }
catch { 'GRANT=' + `$_.FullyQualifiedErrorId.Split(',')[0] }
"@
        }
        finally {
            Stop-KsefEmulator $expiring
            Stop-KsefEmulator $operations
        }
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'AUTH=StatusExpired\|KSeF no longer keeps the status of auth/'
        $run.Output | Should -Match 'GRANT=StatusExpired'
    }

    It 'KSeF''s technical warning (X-System-Warning) becomes one warning per distinct text per command, naming the call' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -GivenName Jan -Surname Status -Nip `$nip -Name S | Out-Null
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate S | Out-Null
Invoke-RestMethod -Method Post -Uri '$($script:Emulator.Url)/emulator/faults' -ContentType 'application/json' -Body (@{ Kind = 'SystemWarning'; PathPrefix = '/v2/permissions/'; ReplaceWith = 'Ta forma zapytania zostanie wycofana.'; Times = 20 } | ConvertTo-Json) | Out-Null
Grant-KsefPermission -Pesel (New-KsefTestIdentifier Pesel) -FirstName Ewa -LastName Nowak -Permission InvoiceRead -WarningVariable heard 3>`$null | Out-Null
'HEARD=' + `$heard.Count + '|' + `$heard[0]
Get-KsefPermission -WarningVariable again 3>`$null | Out-Null
'AGAIN=' + `$again.Count
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'HEARD=1\|KSeF warns: Ta forma zapytania zostanie wycofana\. \(answering (POST|GET) permissions/'
        $run.Output | Should -Match 'AGAIN=1'
    }

    It 'Get-KsefLimit shows the session sizes, the certificate counts and the rate limits per group in force' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -GivenName Jan -Surname Limit -Nip `$nip -Name S | Out-Null
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate S | Out-Null
`$limits = Get-KsefLimit
'SESSIONS=' + `$limits.OnlineSession.MaxInvoices + '|' + `$limits.BatchSession.MaxInvoiceWithAttachmentSizeInMB
'SUBJECT=' + `$limits.MaxEnrollments + '|' + `$limits.MaxCertificates
`$send = `$limits.RateLimits | Where-Object Group -eq 'invoiceSend'
'SEND=' + `$send.PerSecond + '|' + `$send.PerMinute + '|' + `$send.PerHour + '|' + @(`$limits.RateLimits).Count
`$limits | Out-String -Width 200
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'SESSIONS=10000\|3'
        $run.Output | Should -Match 'SUBJECT=300\|100'
        $run.Output | Should -Match 'SEND=10\|30\|180\|12'
        # As a person reads it: sizes in words, and every group on a line of its own, none cut off.
        $run.Output | Should -Match 'OnlineSession\s+: 10000 invoices, 1 MB each \(3 MB with attachments\)'
        $run.Output | Should -Match 'RateLimits\s+: batchSession: 10/s, 20/min, 60/h'
        $run.Output | Should -Match '(?m)^\s+sessionMisc: \d+/s, \d+/min, \d+/h'
        $run.Output | Should -Match '(?m)^\s+invoiceSend: 10/s, 30/min, 180/h'
    }
}

Describe 'A client that tolerates the next API version' {
    It 'reads answers carrying values and properties KsefPS does not know in every parser, keeping the values as KSeF wrote them' {
        $null = Invoke-Emulator DELETE '/emulator/faults'
        $template = Join-Path $PSScriptRoot '../../spec/samples/invoice-template-fa-3.xml'
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
function Rewrite([string] `$method, [string] `$path, [string] `$find, [string] `$with) {
    Invoke-RestMethod -Method Post -Uri '$($script:Emulator.Url)/emulator/faults' -ContentType 'application/json' -Body (@{ Kind = 'Rewrite'; Method = `$method; PathPrefix = `$path; Find = `$find; ReplaceWith = `$with; Times = 50 } | ConvertTo-Json) | Out-Null
}
function Clear { Invoke-RestMethod -Method Delete -Uri '$($script:Emulator.Url)/emulator/faults' | Out-Null }
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -OrganizationName 'Firma Przyszla' -Nip `$nip -Name S | Out-Null
Rewrite GET '/v2/auth/' '"category":"XadesSignature"' '"category":"EudiWallet","addedLater":{"list":[1,2]}'
`$session = Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate S
'AUTH=' + `$session.AuthenticationCategory + '|' + `$session.AuthenticationMethod + '|' + `$session.AuthenticationDisplayName
Clear
New-KsefToken -Name Job -Permission InvoiceRead -Description 'future' | Out-Null
Rewrite GET '/v2/tokens' '"requestedPermissions":[' '"requestedPermissions":["CollectiveIdentifierManage",'
'TOKEN=' + ((Get-KsefToken -Remote | Where-Object Name -eq Job).Permissions -join ',')
Clear
Rewrite GET '/v2/rate-limits' '"other":' '"anonymous":{"perSecond":1,"perMinute":2,"perHour":3,"burst":9},"other":'
'GROUP=' + ((Get-KsefLimit).RateLimits | Where-Object Group -eq 'anonymous' | ForEach-Object { "`$(`$_.PerSecond)/`$(`$_.PerMinute)/`$(`$_.PerHour)" })
Clear
Grant-KsefPermission -Pesel (New-KsefTestIdentifier Pesel) -FirstName Ewa -LastName Nowak -Permission InvoiceWrite | Out-Null
Rewrite POST '/v2/permissions/query/persons/grants' '"permissionScope":"InvoiceWrite"' '"permissionScope":"CollectiveIdentifierManage","scopeDetails":{"limit":500}'
'PERMISSION=' + ((Get-KsefPermission).Permission -join ',')
Clear
`$invoice = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-future-' + [guid]::NewGuid().ToString('N') + '.xml')
[IO.File]::WriteAllText(`$invoice, [IO.File]::ReadAllText('$template').Replace('#nip#', `$nip).Replace('#invoice_number#', 'F1').Replace('<P_1>2025-09-01</P_1>', "<P_1>$(Get-PolishDate)</P_1>"))
Send-KsefInvoice `$invoice -Wait | Out-Null
Rewrite POST '/v2/invoices/query/metadata' '"currency":"PLN"' '"currency":"CNH","collectiveIdentifiers":[{"id":"IZ-1"}]'
'CURRENCY=' + (Get-KsefInvoice -SubjectType Seller -From ([DateTime]::UtcNow.AddHours(-1))).Currency
Clear
Rewrite GET '/v2/sessions' '"sessions":[' '"sessions":[],"nextVersionField":true,"ignored":['
'SESSIONS=' + @(Get-KsefInvoiceSession).Count
Clear
Request-KsefCertificate -Usage Authentication -Name Issued | Out-Null
Rewrite POST '/v2/certificates/query' '"type":"Authentication"' '"type":"Qualified","issuer":{"cn":"X"}'
`$issued = Get-KsefIssuedCertificate | Where-Object StoredAs -eq Issued
'ISSUED=' + `$issued.Type + '|' + [string]::IsNullOrEmpty([string]`$issued.Usage)
Clear
Rewrite GET '/status' '"status":"AVAILABLE"' '"status":"DEGRADED","region":"PL"'
`$status = Get-KsefStatus -StatusUrl '$($script:Emulator.Url)/'
'STATUS=' + `$status.Status + '|' + `$status.IsAvailable
Clear
"@
        $null = Invoke-Emulator DELETE '/emulator/faults'
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'AUTH=EudiWallet\|QualifiedSeal\|Piecz'
        $run.Output | Should -Match 'TOKEN=CollectiveIdentifierManage,InvoiceRead'
        $run.Output | Should -Match 'GROUP=1/2/3'
        $run.Output | Should -Match 'PERMISSION=CollectiveIdentifierManage'
        $run.Output | Should -Match 'CURRENCY=CNH'
        $run.Output | Should -Match 'SESSIONS=0'
        $run.Output | Should -Match 'ISSUED=Qualified\|True'
        $run.Output | Should -Match 'STATUS=DEGRADED\|False'
    }
}
