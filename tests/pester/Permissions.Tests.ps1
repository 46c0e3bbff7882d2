BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Emulator = Start-KsefEmulator -ModulePath $script:ModulePath -Setting @('--Emulator:AuthProcessingDelay=00:00:00.050',
        '--Emulator:PermissionOperationDelay=00:00:00.050', '--Emulator:InvoiceProcessingDelay=00:00:00.050')
    $script:Template = Join-Path $PSScriptRoot '../../spec/samples/invoice-template-fa-3.xml'
    # A company whose owner is connected; $company, $api, $owner (the owner's certificate) and the helper Id in the child.
    $script:Company = @"
$script:ErrorIdHelper
`$api = '$($script:Emulator.Url)'
`$work = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-perm-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory `$work | Out-Null
Set-Location `$work
`$company = New-KsefTestIdentifier
New-KsefTestCertificate -GivenName Jan -Surname Właściciel -Nip `$company -Name Owner | Out-Null
Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate Owner | Out-Null
function New-Pesel { New-KsefTestIdentifier Pesel }
"@
}
AfterAll {
    Stop-KsefEmulator $script:Emulator
}

Describe 'Administering KSeF permissions' {
    It 'an employee granted InvoiceWrite logs in with a PESEL certificate and sends; after revocation the next login is refused' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
$script:Company
`$pesel = New-Pesel
New-KsefTestCertificate -GivenName Ewa -Surname Nowak -Pesel `$pesel -Name Employee | Out-Null
'BEFORE=' + (Id { Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate Employee })
Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate Owner | Out-Null
`$granted = Grant-KsefPermission -Pesel `$pesel -FirstName Ewa -LastName Nowak -Permission InvoiceWrite
'GRANTED=' + `$granted.Permission + '|' + `$granted.Kind + '|' + `$granted.Authorized + '|' + `$granted.Name + '|' + `$granted.State

'EMPLOYEE=' + (Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate Employee).State
[IO.File]::WriteAllText("`$work/fv.xml", [IO.File]::ReadAllText('$script:Template').Replace('#nip#', `$company).Replace('#invoice_number#', 'P-1').Replace('<P_1>2025-09-01</P_1>', "<P_1>$(Get-PolishDate)</P_1>"))
'SENT=' + [bool](Send-KsefInvoice ./fv.xml -Wait).KsefNumber
'EMPLOYEEGRANTS=' + (Id { Grant-KsefPermission -Pesel (New-Pesel) -FirstName Adam -LastName Inny -Permission InvoiceRead })
try { Grant-KsefPermission -Pesel (New-Pesel) -FirstName Adam -LastName Inny -Permission InvoiceRead } catch { 'NEEDED=' + `$_.Exception.Message; 'NEXT=' + `$_.ErrorDetails.RecommendedAction }

Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate Owner | Out-Null
Get-KsefPermission -Pesel `$pesel | Revoke-KsefPermission -Confirm:`$false
'AFTER=' + (Id { Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate Employee })
'LEFT=' + @(Get-KsefPermission -Pesel `$pesel -State Active).Count + '|' + @(Get-KsefPermission -Pesel `$pesel -State Inactive).Count
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'BEFORE=NoPermissionsInContext'
        $run.Output | Should -Match 'GRANTED=InvoiceWrite\|Person\|\d{11}\|Ewa Nowak\|Active'
        $run.Output | Should -Match 'EMPLOYEE=Active'
        $run.Output | Should -Match 'SENT=True'
        $run.Output | Should -Match 'EMPLOYEEGRANTS=KsefForbidden'
        $run.Output | Should -Match 'NEEDED=KSeF refused POST permissions/persons/grants.*Needed: one of CredentialsManage; this session has InvoiceWrite'
        $run.Output | Should -Match 'NEXT=The session lacks a permission this needs .*Grant-KsefPermission.*KSeF answered HTTP 403'
        $run.Output | Should -Match 'AFTER=NoPermissionsInContext'
        $run.Output | Should -Match 'LEFT=0\|0'   # a revoked grant leaves KSeF's lists
    }

    It 'an accounting office passes a delegable grant on to its employee, who reads the company''s invoices; a grant without canDelegate cannot be passed on' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
$script:Company
[IO.File]::WriteAllText("`$work/fv.xml", [IO.File]::ReadAllText('$script:Template').Replace('#nip#', `$company).Replace('#invoice_number#', 'B-1').Replace('<P_1>2025-09-01</P_1>', "<P_1>$(Get-PolishDate)</P_1>"))
`$sent = Send-KsefInvoice ./fv.xml -Wait
`$office = New-KsefTestIdentifier
`$granted = Grant-KsefPermission -EntityNip `$office -EntityName 'Biuro Rachunkowe Sp. z o.o.' -Permission InvoiceRead -CanDelegate
'ENTITY=' + `$granted.Kind + '|' + `$granted.CanDelegate + '|' + `$granted.Name
Grant-KsefPermission -EntityNip `$office -EntityName 'Biuro Rachunkowe Sp. z o.o.' -Permission InvoiceWrite | Out-Null

New-KsefTestCertificate -OrganizationName 'Biuro Rachunkowe' -Nip `$office -Name Office | Out-Null
Connect-Ksef -ApiUrl `$api -Nip `$office -Certificate Office | Out-Null
'RECEIVED=' + ((Get-KsefPermission -Received | Sort-Object Permission | ForEach-Object { `$_.Permission + ':' + `$_.CanDelegate }) -join ',')
`$pesel = New-Pesel
`$indirect = Grant-KsefPermission -Pesel `$pesel -FirstName Ewa -LastName Księgowa -Permission InvoiceRead -TargetNip `$company
'INDIRECT=' + `$indirect.Kind + '|' + `$indirect.Target
'NODELEGATE=' + (Id { Grant-KsefPermission -Pesel `$pesel -FirstName Ewa -LastName Księgowa -Permission InvoiceWrite -TargetNip `$company })

New-KsefTestCertificate -GivenName Ewa -Surname Księgowa -Pesel `$pesel -Name Accountant | Out-Null
'ACCOUNTANT=' + (Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate Accountant).State
'READ=' + @(Get-KsefInvoice -SubjectType Seller -From ([DateTime]::UtcNow.AddHours(-1)) | Where-Object KsefNumber -eq `$sent.KsefNumber).Count
'MINE=' + ((Get-KsefPermission -Mine).Permission -join ',')
'MINEFROM=' + @(Get-KsefPermission -Mine -GrantingNip `$office).Count + '|' + @(Get-KsefPermission -Mine -GrantingNip (New-KsefTestIdentifier)).Count
Connect-Ksef -ApiUrl `$api -Nip `$office -Certificate Office | Out-Null
'FORCLIENT=' + @(Get-KsefPermission -TargetNip `$company).Count + '|' + @(Get-KsefPermission -AllPartners).Count
'BYOWNER=' + @(Get-KsefPermission -GrantedBy `$office).Count
'RECEIVEDFROM=' + @(Get-KsefPermission -Received -GrantingNip `$company).Count + '|' + @(Get-KsefPermission -Received -GrantingNip (New-KsefTestIdentifier)).Count
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'ENTITY=Entity\|True\|Biuro Rachunkowe Sp. z o.o.'
        $run.Output | Should -Match 'RECEIVED=InvoiceRead:True,InvoiceWrite:False'
        $run.Output | Should -Match 'INDIRECT=Indirect\|\d{10}'
        $run.Output | Should -Match 'NODELEGATE=PermissionOperationFailed'
        $run.Output | Should -Match 'ACCOUNTANT=Active'
        $run.Output | Should -Match 'READ=1'
        $run.Output | Should -Match 'MINE=InvoiceRead'
        $run.Output | Should -Match 'MINEFROM=1\|0'
        $run.Output | Should -Match 'FORCLIENT=1\|0'
        $run.Output | Should -Match 'BYOWNER=1'
        $run.Output | Should -Match 'RECEIVEDFROM=2\|0'
    }

    It 'CollectiveIdentifierManage (API 2.7.0) is granted to a person and an entity and given to a token, and to no indirect grant' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
$script:Company
`$pesel = New-Pesel
`$person = Grant-KsefPermission -Pesel `$pesel -FirstName Iza -LastName Zbiorcza -Permission CollectiveIdentifierManage
'PERSON=' + `$person.Permission + '|' + `$person.Kind
`$office = New-KsefTestIdentifier
`$entity = Grant-KsefPermission -EntityNip `$office -EntityName 'Biuro Rachunkowe Sp. z o.o.' -Permission CollectiveIdentifierManage
'ENTITY=' + `$entity.Permission + '|' + `$entity.Kind
'LISTED=' + @(Get-KsefPermission -Pesel `$pesel | Where-Object Permission -eq CollectiveIdentifierManage).Count
'TOKEN=' + ((New-KsefToken -Permission CollectiveIdentifierManage -Description 'identyfikatory zbiorcze').Permissions -join ',')
'INDIRECT=' + (Id { Grant-KsefPermission -Pesel (New-Pesel) -FirstName Ewa -LastName Inna -Permission CollectiveIdentifierManage -TargetNip `$office })
New-KsefTestCertificate -GivenName Iza -Surname Zbiorcza -Pesel `$pesel -Name Iza | Out-Null
'LOGIN=' + (Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate Iza).State
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'PERSON=CollectiveIdentifierManage\|Person'
        $run.Output | Should -Match 'ENTITY=CollectiveIdentifierManage\|Entity'
        $run.Output | Should -Match 'LISTED=1'
        $run.Output | Should -Match 'TOKEN=CollectiveIdentifierManage'
        $run.Output | Should -Match 'INDIRECT=PermissionGrantInvalid'
        $run.Output | Should -Match 'LOGIN=Active'
    }

    It 'Import-Csv | Grant-KsefPermission grants the good rows, reports the bad one and what is held already; Get | Revoke leaves none' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
$script:Company
`$rows = @(
    [pscustomobject]@{ Pesel = (New-Pesel); FirstName = 'Anna'; LastName = 'Pierwsza'; Permission = 'InvoiceRead;InvoiceWrite' }
    [pscustomobject]@{ Pesel = '12345678901'; FirstName = 'Zły'; LastName = 'Wiersz'; Permission = 'InvoiceRead' }
    [pscustomobject]@{ Pesel = (New-Pesel); FirstName = 'Piotr'; LastName = 'Trzeci'; Permission = 'InvoiceRead' }
)
`$rows | Export-Csv ./staff.csv -NoTypeInformation -Encoding utf8
`$granted = Import-Csv ./staff.csv | Grant-KsefPermission -ErrorVariable bad -ErrorAction SilentlyContinue
'GRANTED=' + `$granted.Count + '|' + (@(`$granted.Name | Sort-Object -Unique) -join ',')
'BAD=' + `$bad.Count + '|' + `$bad[0].FullyQualifiedErrorId.Split(',')[0] + '|' + `$bad[0].TargetObject
`$again = Import-Csv ./staff.csv | Select-Object -First 1 | Grant-KsefPermission -WarningVariable held 3>`$null
'AGAIN=' + `$again.Count + '|' + (`$held -join ' ')

'BEFORE=' + @(Get-KsefPermission -State Active).Count
Get-KsefPermission | Revoke-KsefPermission -Confirm:`$false
'AFTER=' + @(Get-KsefPermission -State Active).Count
'AGAINNOERRORS=' + @(Get-KsefPermission | Revoke-KsefPermission -Confirm:`$false -ErrorVariable again 2>`$null).Count + '|' + `$again.Count
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'GRANTED=3\|Anna Pierwsza,Piotr Trzeci'
        $run.Output | Should -Match 'BAD=1\|PermissionSubjectInvalid\|'
        $run.Output | Should -Match 'AGAIN=2\|.*already holds InvoiceRead, InvoiceWrite'
        $run.Output | Should -Match 'BEFORE=3'
        $run.Output | Should -Match 'AFTER=0'
        $run.Output | Should -Match 'AGAINNOERRORS=0\|0'
    }

    It 'a buyer authorized for self-invoicing sends the seller''s invoice from its own context, and with RRInvoicing the farmer''s VAT RR invoice; the seller sees which was self-invoiced; the authorizations are listed both ways and revoked' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
$script:Company
`$buyer = New-KsefTestIdentifier
`$authorized = Grant-KsefPermission -EntityNip `$buyer -EntityName 'Nabywca Spółka Akcyjna' -Permission SelfInvoicing
'AUTHORIZED=' + `$authorized.Kind + '|' + `$authorized.Permission + '|' + `$authorized.Authorized
'GRANTEDLIST=' + @(Get-KsefPermission -Authorizations Granted).Count
Grant-KsefPermission -EntityNip `$buyer -EntityName 'Nabywca Spółka Akcyjna' -Permission RRInvoicing | Out-Null

New-KsefTestCertificate -OrganizationName 'Nabywca' -Nip `$buyer -Name Buyer | Out-Null
Connect-Ksef -ApiUrl `$api -Nip `$buyer -Certificate Buyer | Out-Null
'RECEIVEDLIST=' + ((Get-KsefPermission -Authorizations Received | ForEach-Object { `$_.Permission + '@' + `$_.Context }) -join ',')
`$today = '$(Get-PolishDate)'
[IO.File]::WriteAllText("`$work/self.xml", [IO.File]::ReadAllText('$script:Template').Replace('#nip#', `$company).Replace('#invoice_number#', 'SF-1').Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>"))
'SELF=' + [bool](Send-KsefInvoice ./self.xml -Wait).KsefNumber
`$stranger = New-KsefTestIdentifier
[IO.File]::WriteAllText("`$work/other.xml", [IO.File]::ReadAllText('$script:Template').Replace('#nip#', `$stranger).Replace('#invoice_number#', 'SF-2').Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>"))
'OTHER=' + (Id { Send-KsefInvoice ./other.xml -Wait })
[IO.File]::WriteAllText("`$work/rr.xml", [IO.File]::ReadAllText('$(Join-Path $PSScriptRoot '../samples/invoice-template-fa-rr-1.xml')').Replace('#nip#', `$company).Replace('#buyer_nip#', `$buyer).Replace('#invoice_number#', 'RR/1').Replace('#issue_date#', `$today))
`$rr = Send-KsefInvoice ./rr.xml -Wait
'RR=' + `$rr.Status + '|' + `$rr.InvoiceNumber + '|' + `$rr.KsefNumber.StartsWith(`$company + '-')

Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate Owner | Out-Null
'ISSUED=' + ((Get-KsefInvoice -SubjectType Seller -DateType Invoicing -From ([DateTime]::UtcNow.AddHours(-1)) | Sort-Object InvoiceNumber | ForEach-Object { `$_.InvoiceNumber + ':' + `$_.FormCode.SystemCode + ':' + `$_.IsSelfInvoicing }) -join ',')
Get-KsefPermission -Authorizations Granted | Revoke-KsefPermission -Confirm:`$false
'AFTER=' + @(Get-KsefPermission -Authorizations Granted).Count
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'AUTHORIZED=Authorization\|SelfInvoicing\|\d{10}'
        $run.Output | Should -Match 'GRANTEDLIST=1'
        $run.Output | Should -Match 'RECEIVEDLIST=SelfInvoicing@Nip:\d{10}'
        $run.Output | Should -Match 'SELF=True'
        $run.Output | Should -Match 'OTHER=InvoiceRejected'
        $run.Output | Should -Match 'RR=Accepted\|RR/1\|True' # a VAT RR invoice, issued by the buyer the farmer authorized
        $run.Output | Should -Match 'ISSUED=FA/[^:]*SF-1[^:]*:FA \(3\):True,RR/1:FA_RR \(1\):False'
        $run.Output | Should -Match 'AFTER=0'
    }

    It 'the KSeF TEST helpers make subjects, persons and context switches, and refuse Production and Demo' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
$script:Company
'PRODUCTION=' + (Id { New-KsefTestPerson -Pesel (New-Pesel) -Nip `$company -Environment Production })
'DEMOURL=' + (Id { Set-KsefTestContext -Nip `$company -Blocked `$true -ApiUrl 'https://api-demo.ksef.mf.gov.pl' })
'BEFOREROLE=' + (Id { Grant-KsefPermission -Pesel (New-Pesel) -FirstName Adam -LastName Komornik -Permission EnforcementOperations })
New-KsefTestSubject -Nip `$company -SubjectType EnforcementAuthority
'AFTERROLE=' + (Grant-KsefPermission -Pesel (New-Pesel) -FirstName Adam -LastName Komornik -Permission EnforcementOperations).Permission
`$bailiff = New-KsefTestIdentifier
New-KsefTestPerson -Pesel (New-Pesel) -Nip `$bailiff -Bailiff
New-KsefTestCertificate -GivenName Adam -Surname Komornik -Nip `$bailiff -Name Bailiff | Out-Null
Connect-Ksef -ApiUrl `$api -Nip `$bailiff -Certificate Bailiff | Out-Null
'BAILIFF=' + (Grant-KsefPermission -Nip (New-KsefTestIdentifier) -FirstName Anna -LastName Asesor -Permission EnforcementOperations).Permission
Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate Owner | Out-Null

`$pesel = New-Pesel
New-KsefTestPerson -Pesel `$pesel -Nip `$company
New-KsefTestCertificate -GivenName Jan -Surname Pesel -Pesel `$pesel -Name ByPesel | Out-Null
'OWNERBYPESEL=' + (Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate ByPesel).State
'ATTACHMENTS=' + (Get-KsefPermission -Attachments).IsAttachmentAllowed
Set-KsefTestContext -Nip `$company -AttachmentsAllowed `$true
'ATTACHMENTSNOW=' + (Get-KsefPermission -Attachments).IsAttachmentAllowed
Set-KsefTestContext -Nip `$company -Blocked `$true
'BLOCKED=' + (Id { Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate Owner })
Set-KsefTestContext -Nip `$company -Blocked `$false -ApiUrl `$api
'UNBLOCKED=' + (Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate Owner).State
`$tester = New-Pesel
New-KsefTestCertificate -GivenName Tomasz -Surname Tester -Pesel `$tester -Name Tester | Out-Null
Set-KsefTestPermission `$company -Pesel `$tester -Permission 'InvoiceRead;InvoiceWrite'
'SYSTEMGRANT=' + ((Get-KsefPermission -Pesel `$tester | ForEach-Object { `$_.Permission + '/' + `$_.Author } | Sort-Object) -join ',')
'TESTER=' + (Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate Tester).State
Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate Owner | Out-Null
Set-KsefTestPermission `$company -Pesel `$tester -Revoke
'TESTERAFTER=' + (Id { Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate Tester })
'INACTIVESKIPPED=' + @(Get-KsefPermission -Pesel `$tester | Revoke-KsefPermission -Confirm:`$false -ErrorVariable failed 2>`$null).Count + '|' + `$failed.Count
Set-KsefTestLimit -MaxCertificates 2 -MaxEnrollments 5
`$limits = Get-KsefCertificateLimit
'CERTLIMITS=' + `$limits.CertificateLimit + '|' + `$limits.EnrollmentLimit
Set-KsefTestLimit -Reset
'CERTRESET=' + (Get-KsefCertificateLimit).CertificateLimit
Remove-KsefTestSubject -Nip `$company
'ROLEGONE=' + (Id { Grant-KsefPermission -Pesel (New-Pesel) -FirstName Adam -LastName Komornik -Permission EnforcementOperations })
Remove-KsefTestPerson -Nip `$company
'PERSONGONE=' + (Id { Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate ByPesel })
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'PRODUCTION=TestOnly'
        $run.Output | Should -Match 'DEMOURL=TestOnly'
        $run.Output | Should -Match 'BEFOREROLE=PermissionOperationFailed'
        $run.Output | Should -Match 'AFTERROLE=EnforcementOperations'
        $run.Output | Should -Match 'BAILIFF=EnforcementOperations' # a court bailiff's own context may give it
        $run.Output | Should -Match 'OWNERBYPESEL=Active'
        $run.Output | Should -Match 'ATTACHMENTS=False'
        $run.Output | Should -Match 'ATTACHMENTSNOW=True'
        $run.Output | Should -Match 'BLOCKED=AuthenticationBlocked'
        $run.Output | Should -Match 'UNBLOCKED=Active'
        $run.Output | Should -Match 'SYSTEMGRANT=InvoiceRead/System,InvoiceWrite/System'
        $run.Output | Should -Match 'TESTER=Active'
        $run.Output | Should -Match 'TESTERAFTER=NoPermissionsInContext'
        $run.Output | Should -Match 'INACTIVESKIPPED=0\|0'
        $run.Output | Should -Match 'CERTLIMITS=2\|5'
        $run.Output | Should -Match 'CERTRESET=100'   # a NIP's default
        $run.Output | Should -Match 'ROLEGONE=PermissionOperationFailed'
        $run.Output | Should -Match 'PERSONGONE=NoPermissionsInContext'
    }

    It 'a VAT group makes administrators of a member and of a subunit, who then grant there; roles and members are listed' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
$script:Company
`$member = New-KsefTestIdentifier
New-KsefTestSubject -Nip `$company -SubjectType VatGroup -Subunit `$member
'ROLES=' + ((Get-KsefPermission -Roles).Role -join ',')
'MEMBERS=' + ((Get-KsefPermission -Subordinates | ForEach-Object { `$_.Role + '@' + `$_.Entity }) -join ',')
`$admin = New-Pesel
`$member1 = Grant-KsefPermission -Pesel `$admin -FirstName Olga -LastName Admin -Permission CredentialsManage -SubordinateNip `$member
'MEMBERADMIN=' + `$member1.Kind + '|' + `$member1.Target
`$unit = Grant-KsefPermission -Pesel `$admin -FirstName Olga -LastName Admin -Permission CredentialsManage -SubunitNumber 7 -SubunitName 'Oddział Kraków'
'UNITADMIN=' + `$unit.Kind + '|' + `$unit.Target
'NOTONLYADMIN=' + (Id { Grant-KsefPermission -Pesel `$admin -FirstName Olga -LastName Admin -Permission InvoiceRead -SubunitNumber 7 })
'LISTED=' + @(Get-KsefPermission -SubunitAdministrators).Count

New-KsefTestCertificate -GivenName Olga -Surname Admin -Pesel `$admin -Name Admin | Out-Null
Connect-Ksef -ApiUrl `$api -Nip `$member -Certificate Admin | Out-Null
'INMEMBER=' + (Grant-KsefPermission -Pesel (New-Pesel) -FirstName Tomasz -LastName Członek -Permission InvoiceRead).Permission
Connect-Ksef -ApiUrl `$api -InternalId `$unit.Target -Certificate Admin | Out-Null
'INUNIT=' + (Grant-KsefPermission -Pesel (New-Pesel) -FirstName Zofia -LastName Oddział -Permission InvoiceWrite).Permission
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'ROLES=VatGroupUnit'
        $run.Output | Should -Match 'MEMBERS=VatGroupSubUnit@Nip:\d{10}'
        $run.Output | Should -Match 'MEMBERADMIN=Subunit\|\d{10}'
        $run.Output | Should -Match 'UNITADMIN=Subunit\|\d{10}-0007\d'
        $run.Output | Should -Match 'NOTONLYADMIN=PermissionGrantInvalid'
        $run.Output | Should -Match 'LISTED=2'
        $run.Output | Should -Match 'INMEMBER=InvoiceRead'
        $run.Output | Should -Match 'INUNIT=InvoiceWrite'
    }

    It 'an EU entity''s administrator, named by certificate fingerprint, logs in to the composite context and names a representative' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
$script:Company
New-KsefTestCertificate -GivenName Hans -Surname Müller -Nip (New-KsefTestIdentifier) -Name EuAdmin | Out-Null
New-KsefTestCertificate -GivenName Anna -Surname Vertreter -Nip (New-KsefTestIdentifier) -Name EuRep | Out-Null
`$adminPrint = (Get-KsefCertificate EuAdmin).Fingerprint
`$repPrint = (Get-KsefCertificate EuRep).Fingerprint
`$admin = Grant-KsefPermission -Fingerprint `$adminPrint -FirstName Hans -LastName Müller -BirthDate 1980-05-01 -IdDocumentType Passport -IdDocumentNumber C01X00T47 -IdDocumentCountry DE -VatUe DE123456789 -EuEntityName 'Müller GmbH' -EuEntityAddress 'Unter den Linden 1, Berlin' -Permission VatUeManage
'ADMIN=' + `$admin.Kind + '|' + `$admin.Permission + '|' + `$admin.Target
'NODOC=' + (Id { Grant-KsefPermission -Fingerprint `$repPrint -FirstName Anna -LastName Vertreter -Permission InvoiceRead })
'COMPOSITE=' + (Connect-Ksef -ApiUrl `$api -NipVatUe "`$company-DE123456789" -Certificate EuAdmin -SubjectIdentifierType CertificateFingerprint).State
`$rep = Grant-KsefPermission -Fingerprint `$repPrint -FirstName Anna -LastName Vertreter -PersonIdentifier (New-Pesel) -Permission InvoiceRead, InvoiceWrite
'REP=' + ((`$rep | ForEach-Object { `$_.Kind + ':' + `$_.Permission } | Sort-Object) -join ',')
'LISTED=' + @(Get-KsefPermission -EuEntities).Count
'REPLOGIN=' + (Connect-Ksef -ApiUrl `$api -NipVatUe "`$company-DE123456789" -Certificate EuRep -SubjectIdentifierType CertificateFingerprint).State
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'ADMIN=EuAdministrator\|VatUeManage\|DE123456789'
        $run.Output | Should -Match 'NODOC=PermissionGrantInvalid'
        $run.Output | Should -Match 'COMPOSITE=Active'
        $run.Output | Should -Match 'REP=EuRepresentative:InvoiceRead,EuRepresentative:InvoiceWrite'
        $run.Output | Should -Match 'LISTED=3'
        $run.Output | Should -Match 'REPLOGIN=Active'
    }

    It 'a Peppol service provider registers by its first login; the company authorizes it with PefInvoicing (and nothing else); it then sends the company''s PEF invoices, one with an attachment online, and no one else''s' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
$script:Company
`$peppol = New-KsefTestIdentifier PeppolId
New-KsefTestCertificate -OrganizationName 'Peppol Partner Sp. z o.o.' -PeppolId `$peppol -Name Provider | Out-Null
'UNLISTED=' + @(Get-KsefPeppolProvider -ApiUrl `$api `$peppol).Count
`$provider = Connect-Ksef -ApiUrl `$api -PeppolId `$peppol -Certificate Provider
`$pef = [IO.File]::ReadAllText('$(Join-Path $PSScriptRoot '../samples/invoice-template-pef-3.xml')').Replace('#buyer_nip#', (New-KsefTestIdentifier)).Replace('#issue_date#', '$(Get-PolishDate)')
[IO.File]::WriteAllText("`$work/pef-1.xml", `$pef.Replace('#supplier_nip#', `$company).Replace('#invoice_number#', 'PEF/1'))
[IO.File]::WriteAllText("`$work/pef-foreign.xml", `$pef.Replace('#supplier_nip#', (New-KsefTestIdentifier)).Replace('#invoice_number#', 'PEF/2'))
`$document = '<cac:AdditionalDocumentReference><cbc:ID>ZAL-1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="scan.pdf">' + ('A' * 1200000) + '</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>'
[IO.File]::WriteAllText("`$work/pef-attached.xml", `$pef.Replace('#supplier_nip#', `$company).Replace('#invoice_number#', 'PEF/3').Replace('<cac:AccountingSupplierParty>', `$document + '<cac:AccountingSupplierParty>'))
'PROVIDER=' + `$provider.Context + '|' + `$provider.AuthenticationMethod
Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate Owner | Out-Null
`$listed = Get-KsefPeppolProvider -ApiUrl `$api 'PPL*' | Where-Object PeppolId -eq `$peppol
'LISTED=' + `$listed.PeppolId + '|' + `$listed.Name + '|' + `$listed.Valid
`$grant = `$listed | Grant-KsefPermission -Permission PefInvoicing -EntityName 'Peppol Partner Sp. z o.o.'
Set-KsefTestContext -Nip `$company -AttachmentsAllowed `$true
'GRANTED=' + `$grant.Permission + '|' + `$grant.Kind + '|' + `$grant.AuthorizedType + '|' + `$grant.Authorized
Connect-Ksef -ApiUrl `$api -PeppolId `$peppol -Certificate Provider | Out-Null
`$sent = Send-KsefInvoice ./pef-1.xml -Wait
'PEFSENT=' + `$sent.Status + '|' + `$sent.SessionType + '|' + `$sent.KsefNumber.StartsWith(`$company + '-')
`$foreign = Send-KsefInvoice ./pef-foreign.xml -Wait -ErrorAction SilentlyContinue -ErrorVariable pefRefused
`$attached = Send-KsefInvoice ./pef-attached.xml -Wait
'PEFATTACHED=' + `$attached.Status + '|' + `$attached.SessionType
'PEFFOREIGN=' + `$foreign.Status + '|' + `$pefRefused[0].FullyQualifiedErrorId.Split(',')[0]
Connect-Ksef -ApiUrl `$api -Nip `$company -Certificate Owner | Out-Null
'FOUND=' + @(Get-KsefPermission -Authorizations Granted -PeppolId `$peppol).Count
'TONIP=' + (Id { Grant-KsefPermission -EntityNip (New-KsefTestIdentifier) -EntityName 'Inna Firma SA' -Permission PefInvoicing })
'OTHER=' + (Id { Grant-KsefPermission -PeppolId `$peppol -EntityName 'Peppol Partner' -Permission SelfInvoicing })
'BADID=' + (Id { Grant-KsefPermission -PeppolId 'PPL12' -EntityName 'Peppol Partner' -Permission PefInvoicing })
'WRONGSEAL=' + (Id { Connect-Ksef -ApiUrl `$api -PeppolId `$peppol -Certificate Owner })
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'UNLISTED=0'
        $run.Output | Should -Match 'PROVIDER=PeppolId:PPL\d{6}\|PeppolSignature'
        $run.Output | Should -Match 'LISTED=PPL\d{6}\|Peppol Partner Sp\. z o\.o\.\|True'
        $run.Output | Should -Match 'GRANTED=PefInvoicing\|Authorization\|PeppolId\|PPL\d{6}'
        $run.Output | Should -Match 'PEFSENT=Accepted\|Online\|True'
        $run.Output | Should -Match 'PEFFOREIGN=Rejected\|InvoiceRejected'
        $run.Output | Should -Match 'PEFATTACHED=Accepted\|Online' # 1.2 MB: over the limit without attachments; PEF goes online with them
        $run.Output | Should -Match 'FOUND=1'
        $run.Output | Should -Match 'TONIP=PermissionGrantInvalid'
        $run.Output | Should -Match 'OTHER=PermissionGrantInvalid'
        $run.Output | Should -Match 'BADID=PermissionSubjectInvalid'
        $run.Output | Should -Match 'WRONGSEAL=AuthenticationRejected'
    }
}
