BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Spec = Join-Path $PSScriptRoot '../../spec'
    $script:Emulator = Start-KsefEmulator -ModulePath $script:ModulePath -Setting '--Emulator:AuthProcessingDelay=00:00:00.010', '--Emulator:InvoiceProcessingDelay=00:00:00.050',
        '--Emulator:RateLimits=false', '--Emulator:QueryRecordLimit=20', '--Emulator:ExportProcessingDelay=00:00:00.020', '--Emulator:ExportPartSize=20000'
    $script:Template = Join-Path $script:Spec 'samples/invoice-template-fa-3.xml'

}
AfterAll {
    Stop-KsefEmulator $script:Emulator
}

Describe 'Send-KsefInvoice, Get-KsefInvoice, Save-KsefInvoice and Get-KsefUpo against the emulator' {
    It 'names the file behind each invoice of an online session this machine sent when its results are collected later, and none from a store that did not send it' {
        $run = Invoke-Seller (New-TestStorePath) 2 'J' @"
`$sent = Get-ChildItem `$folder -Filter *.xml | Send-KsefInvoice -Mode Online
`$sent | Get-KsefUpo -OutputDirectory (Join-Path `$folder 'upo') | Out-Null   # waits for KSeF to finish the session
`$later = `$sent | Get-KsefSessionInvoice
'ONLINE=' + ((`$later | Sort-Object Path | ForEach-Object { [IO.Path]::GetFileName(`$_.Path) + '|' + [bool]`$_.KsefNumber + '|' + [bool]`$_.FileName }) -join ',')
`$elsewhere = Join-Path `$folder 'elsewhere.db'
'ELSEWHERE=' + @(`$sent | Get-KsefSessionInvoice -StorePath `$elsewhere | Where-Object { -not `$_.Path }).Count + '|' + (Test-Path `$elsewhere)
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'ONLINE=fv-1.xml\|True\|False,fv-2.xml\|True\|False'
        $run.Output | Should -Match 'ELSEWHERE=2\|False'
    }

    It 'sends invoices, gets KSeF numbers, fetches them back byte for byte, and saves a UPO valid against upo-v4-3.xsd' {
        $upoXsd = Join-Path $script:Spec 'upo/upo-v4-3.xsd'
        $run = Invoke-Seller (New-TestStorePath) 4 'A' @"
`$sent = Get-ChildItem `$folder -Filter *.xml | Send-KsefInvoice -Wait
`$sent | ForEach-Object { 'SENT=' + `$_.Status + '|' + `$_.KsefNumber + '|' + `$_.Hash }
`$upo = `$sent | Get-KsefUpo -OutputDirectory (Join-Path `$folder 'upo')
'UPOFILES=' + @(`$upo).Count
`$schemas = [System.Xml.Schema.XmlSchemaSet]::new(); `$null = `$schemas.Add('http://upo.schematy.mf.gov.pl/KSeF/v4-3', '$upoXsd')
`$settings = [System.Xml.XmlReaderSettings]::new(); `$settings.ValidationType = 'Schema'; `$settings.Schemas = `$schemas
`$reader = [System.Xml.XmlReader]::Create(`$upo[0].FullName, `$settings); while (`$reader.Read()) { }; `$reader.Dispose()
'UPOVALID=yes'
'UPODOCS=' + ([xml](Get-Content -Raw `$upo[0].FullName)).Potwierdzenie.Dokument.Count
`$inbox = Join-Path `$folder 'inbox'
`$saved = Get-KsefInvoice -SubjectType Seller -From ([DateTime]::UtcNow.AddHours(-1)) | Save-KsefInvoice -OutputDirectory `$inbox
'SAVED=' + @(`$saved).Count
foreach (`$s in `$sent) {
    `$original = [IO.File]::ReadAllBytes(`$s.Path)
    `$fetched = [IO.File]::ReadAllBytes((Join-Path `$inbox (`$s.KsefNumber + '.xml')))
    'SAME=' + [Linq.Enumerable]::SequenceEqual(`$original, `$fetched)
}
'AGAIN=' + ((Get-KsefInvoice -SubjectType Seller -From ([DateTime]::UtcNow.AddHours(-1)) | Save-KsefInvoice -OutputDirectory `$inbox).Skipped -join ',')
# /proc takes no new folders, root included: the run stops at the first invoice, once, before downloading anything
try { Get-KsefInvoice -SubjectType Seller -From ([DateTime]::UtcNow.AddHours(-1)) | Save-KsefInvoice -OutputDirectory /proc/ksefps-no-such-folder -ErrorVariable unmade }
catch { 'UNMADE=' + `$_.FullyQualifiedErrorId.Split(',')[0] + '|' + @(`$unmade).Count }
`$hour = [DateTime]::UtcNow.AddHours(-1)
'FILTERS=' + (@(
    @(Get-KsefInvoice -SubjectType Seller -From `$hour -MinimumAmount 100).Count
    @(Get-KsefInvoice -SubjectType Seller -From `$hour -MaximumAmount 100).Count
    @(Get-KsefInvoice -SubjectType Seller -From `$hour -FormType FA -HasAttachment `$false -InvoiceType Vat -Currency PLN).Count
    @(Get-KsefInvoice -SubjectType Seller -From `$hour -HasAttachment `$true).Count
    @(Get-KsefInvoice -SubjectType Seller -From `$hour -InvoiceNumber 'FA/GRQMB-A2/05/2025').Count
    @(Get-KsefInvoice -SubjectType Buyer -From `$hour).Count
) -join ',')
# As people write them: a dashed NIP, a currency in lower case, a KSeF number with a stray space, KSeF's names of the subject types.
`$dashed = `$nip.Substring(0, 3) + '-' + `$nip.Substring(3, 3) + '-' + `$nip.Substring(6, 2) + '-' + `$nip.Substring(8)
'WRITTEN=' + (@(
    @(Get-KsefInvoice -SubjectType Seller -From `$hour -SellerNip `$dashed).Count
    @(Get-KsefInvoice -SubjectType Seller -From `$hour -Currency pln).Count
    @(Get-KsefInvoice -SubjectType Seller -From `$hour -KsefNumber (' ' + `$sent[0].KsefNumber)).Count
    @(Get-KsefInvoice -SubjectType subject1 -From `$hour).Count
    @(Get-KsefInvoice Subject2 -From `$hour).Count
) -join ',')
$script:ErrorIdHelper
'WRONG=' + ((Id { Get-KsefInvoice -SubjectType Seller -From `$hour -SellerNip 12345 }), (Id { Get-KsefInvoice -SubjectType Seller -From `$hour -BuyerNip 'x' }),
    (Id { Get-KsefInvoice -SubjectType Seller -From `$hour -KsefNumber (`$sent[0].KsefNumber.Substring(0, 33) + `$(if (`$sent[0].KsefNumber.EndsWith('00')) { '01' } else { '00' })) }) -join ',')
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        ([regex]::Matches($run.Output, 'SENT=Accepted\|\d{10}-\d{8}-[0-9A-F]{12}-[0-9A-F]{2}\|')).Count | Should -Be 4
        $run.Output | Should -Match 'UPOFILES=1'
        $run.Output | Should -Match 'UPOVALID=yes'
        $run.Output | Should -Match 'UPODOCS=4'
        $run.Output | Should -Match 'SAVED=4'
        $run.Output | Should -Match 'UNMADE=OutputWriteFailed\|1'
        ([regex]::Matches($run.Output, 'SAME=True')).Count | Should -Be 4
        $run.Output | Should -Match 'AGAIN=True,True,True,True'
        $run.Output | Should -Match 'FILTERS=0,4,4,0,1,0'
        $run.Output | Should -Match 'WRITTEN=4,4,1,4,0'
        $run.Output | Should -Match 'WRONG=NipInvalid,NipInvalid,KsefNumberInvalid'
    }

    It 'finds invoices by each kind of buyer identifier KSeF filters by: NIP, EU VAT number, another id, none' {
        $run = Invoke-Seller (New-TestStorePath) 0 'B' @"
`$buyers = @{
    nip   = '<NIP>1111111111</NIP>'
    vatue = '<KodUE>DE</KodUE><NrVatUE>123456789</NrVatUE>'
    other = '<KodKraju>US</KodKraju><NrID>EIN-12-3456789</NrID>'
    none  = '<BrakID>1</BrakID>'
}
foreach (`$kind in `$buyers.Keys) {
    `$xml = `$template.Replace('#nip#', `$nip).Replace('#invoice_number#', "B-`$kind").Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>").Replace('<NIP>1111111111</NIP>', `$buyers[`$kind])
    [IO.File]::WriteAllText((Join-Path `$folder "fv-`$kind.xml"), `$xml)
}
'SENT=' + @(Get-ChildItem `$folder -Filter *.xml | Send-KsefInvoice -Wait | Where-Object Status -eq Accepted).Count
`$hour = [DateTime]::UtcNow.AddHours(-1)
function Numbers { (@(`$input | ForEach-Object InvoiceNumber | Sort-Object) -join ',') }
'NIP=' + (Get-KsefInvoice -SubjectType Seller -From `$hour -BuyerNip 111-111-11-11 | Numbers)
'VATUE=' + (Get-KsefInvoice -SubjectType Seller -From `$hour -BuyerVatUe de123456789 | Numbers)
'OTHER=' + (Get-KsefInvoice -SubjectType Seller -From `$hour -BuyerOtherId 'EIN-12-3456789' | Numbers)
'NONE=' + (Get-KsefInvoice -SubjectType Seller -From `$hour -BuyerWithoutIdentifier | Numbers)
$script:ErrorIdHelper
'TWO=' + (Id { Get-KsefInvoice -SubjectType Seller -From `$hour -BuyerNip 1111111111 -BuyerWithoutIdentifier })
'OFF=' + (Get-KsefInvoice -SubjectType Seller -From `$hour -BuyerNip 1111111111 -BuyerWithoutIdentifier:`$false | Numbers)
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'SENT=4'
        $run.Output | Should -Match 'NIP=FA/GRQMB-B-nip/05/2025(\r?\n|$)'
        $run.Output | Should -Match 'VATUE=FA/GRQMB-B-vatue/05/2025(\r?\n|$)'
        $run.Output | Should -Match 'OTHER=FA/GRQMB-B-other/05/2025(\r?\n|$)'
        $run.Output | Should -Match 'NONE=FA/GRQMB-B-none/05/2025(\r?\n|$)'
        $run.Output | Should -Match 'TWO=ParameterConflict'
        $run.Output | Should -Match 'OFF=FA/GRQMB-B-nip/05/2025(\r?\n|$)'
    }

    It 'on TEST takes a NIP whose control digit is wrong, as KSeF TEST does (the official client''s tests make such NIPs)' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
`$valid = New-KsefTestIdentifier
`$nip = `$valid.Substring(0, 9) + (([int]`$valid.Substring(9) + 1) % 10)
New-KsefTestCertificate -OrganizationName 'Firma Testowa' -Nip `$nip -Name Seal | Out-Null
New-KsefTestCertificate -OrganizationName 'Firma Testowa' -Nip `$nip -Name Off -Usage Offline | Out-Null
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate Seal | Out-Null
`$folder = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-inv-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory `$folder | Out-Null
`$xml = [IO.File]::ReadAllText('$script:Template').Replace('#nip#', `$nip).Replace('#invoice_number#', 'CD1').Replace('<P_1>2025-09-01</P_1>', "<P_1>$(Get-PolishDate)</P_1>")
[IO.File]::WriteAllText((Join-Path `$folder 'fv.xml'), `$xml)
`$protected = Protect-KsefInvoice (Join-Path `$folder 'fv.xml') -Certificate Off
'PROTECTED=' + `$protected.InvoiceLink.Contains("/invoice/`$nip/")
`$verified = Test-KsefCertificateLink -Url `$protected.CertificateLink -Certificate Off -InvoicePath (Join-Path `$folder 'fv.xml')
'VERIFIED=' + `$verified.SignatureValid + '|' + `$verified.HashMatches + '|' + `$verified.SellerMatches
`$sent = Send-KsefInvoice (Join-Path `$folder 'fv.xml') -Mode Online -Wait
'SENT=' + `$sent.Status + '|' + `$sent.KsefNumber.StartsWith(`$nip)
'NIPVALID=' + (`$nip -ne `$valid)
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'NIPVALID=True'
        $run.Output | Should -Match 'PROTECTED=True'
        $run.Output | Should -Match 'VERIFIED=True\|True\|True'
        $run.Output | Should -Match 'SENT=Accepted\|True'
    }

    It 'gives every sent invoice its KOD I link, online and in a batch, as Get-KsefInvoice does; New-KsefQrCode labels it with the KSeF number' {
        $run = Invoke-Seller (New-TestStorePath) 8 'Q' @"
$($script:ErrorIdHelper)
# KOD I as kody-qr.md builds it: the QR host, the seller NIP, P_1 as dd-MM-yyyy, the file's SHA-256 in Base64URL
function Expected(`$path) {
    `$hash = [Convert]::ToBase64String([Security.Cryptography.SHA256]::HashData([IO.File]::ReadAllBytes(`$path))).TrimEnd('=').Replace('+', '-').Replace('/', '_')
    'https://qr-test.ksef.mf.gov.pl/invoice/' + `$nip + '/' + [DateTime]::ParseExact(`$today, 'yyyy-MM-dd', `$null).ToString('dd-MM-yyyy') + '/' + `$hash
}
`$online = Get-ChildItem (Join-Path `$folder 'fv-[12].xml') | Send-KsefInvoice -Mode Online -Wait
`$batch = Get-ChildItem (Join-Path `$folder 'fv-[3-8].xml') | Send-KsefInvoice -Mode Batch -Wait
foreach (`$sent in @(`$online) + @(`$batch)) { 'LINK=' + `$sent.SessionType + '|' + (`$sent.InvoiceLink -ceq (Expected `$sent.Path)) + '|' + `$sent.IssueDate.ToString('yyyy-MM-dd') }
`$listed = Get-KsefInvoice -SubjectType Seller -From ([DateTime]::UtcNow.AddHours(-1)) -KsefNumber `$batch[0].KsefNumber
'LISTED=' + (`$listed.InvoiceLink -ceq `$batch[0].InvoiceLink)
`$image = New-KsefQrCode -Url `$online[0].InvoiceLink -Label `$online[0].KsefNumber -Path (Join-Path `$folder 'kod1.png')
'DECODED=' + ((& zbarimg --quiet --raw `$image.FullName 2>`$null) -ceq `$online[0].InvoiceLink)
`$qr = Join-Path `$folder 'qr'
`$images = @(`$online) + @(`$batch) | New-KsefQrCode -OutputDirectory `$qr
'IMAGES=' + @(`$images).Count + '|' + @(`$images | Where-Object { `$_.Name -match '^\d{10}-\d{8}-[0-9A-F]{12}-[0-9A-F]{2}\.png$' }).Count
`$last = `$batch[-1]
'NAMED=' + ((& zbarimg --quiet --raw (Join-Path `$qr (`$last.KsefNumber + '.png')) 2>`$null) -ceq `$last.InvoiceLink)
`$unnumbered = [pscustomobject]@{ InvoiceLink = `$last.InvoiceLink; KsefNumber = `$null }
'UNNUMBERED=' + (Id { `$unnumbered | New-KsefQrCode -OutputDirectory `$qr })
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        ([regex]::Matches($run.Output, 'LINK=Online\|True\|\d{4}-\d{2}-\d{2}')).Count | Should -Be 2 -Because $run.Output
        ([regex]::Matches($run.Output, 'LINK=Batch\|True\|\d{4}-\d{2}-\d{2}')).Count | Should -Be 6 -Because $run.Output
        $run.Output | Should -Match 'LISTED=True'
        $run.Output | Should -Match 'DECODED=True'
        $run.Output | Should -Match 'IMAGES=8\|8'
        $run.Output | Should -Match 'NAMED=True'
        $run.Output | Should -Match 'UNNUMBERED=KsefNumberInvalid'
    }

    It 'refuses an invalid invoice locally, sends the others, and surfaces a server-side rejection with its code' {
        $run = Invoke-Seller (New-TestStorePath) 2 'B' @"
`$bad = Join-Path `$folder 'no-p2.xml'
[IO.File]::WriteAllText(`$bad, [IO.File]::ReadAllText((Join-Path `$folder 'fv-1.xml')).Replace('<P_2>', '<P_2x>').Replace('</P_2>', '</P_2x>'))
`$bom = Join-Path `$folder 'bom.xml'
[IO.File]::WriteAllText(`$bom, [IO.File]::ReadAllText((Join-Path `$folder 'fv-2.xml')), [Text.UTF8Encoding]::new(`$true))
`$c1 = Join-Path `$folder 'c1-control.xml'
[IO.File]::WriteAllText(`$c1, [IO.File]::ReadAllText((Join-Path `$folder 'fv-2.xml')).Replace('Warszawa</P_1M>', 'War' + [char]0x86 + 'szawa</P_1M>'))
`$other = Join-Path `$folder 'other-seller.xml'
[IO.File]::WriteAllText(`$other, [IO.File]::ReadAllText('$script:Template').Replace('#nip#', '5265877635').Replace('#invoice_number#', 'X1').Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>"))
`$results = Get-ChildItem `$folder -Filter *.xml | Send-KsefInvoice -Wait -ErrorAction SilentlyContinue -ErrorVariable failures
`$results | ForEach-Object { 'RESULT=' + (Split-Path `$_.Path -Leaf) + '|' + `$_.Status + '|' + `$_.StatusCode }
`$failures | ForEach-Object { 'ERROR=' + `$_.FullyQualifiedErrorId.Split(',')[0] + '|' + `$_.TargetObject }
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'RESULT=fv-1.xml\|Accepted\|200'
        $run.Output | Should -Match 'RESULT=other-seller.xml\|Rejected\|410'
        $run.Output | Should -Match 'ERROR=InvoiceInvalid\|.*no-p2.xml'
        $run.Output | Should -Match 'ERROR=InvoiceInvalid\|.*bom.xml'
        $run.Output | Should -Match 'ERROR=InvoiceInvalid\|.*c1-control.xml'
        $run.Output | Should -Match 'ERROR=InvoiceRejected\|.*other-seller.xml'
        $run.Output | Should -Not -Match 'RESULT=no-p2'
        $run.Output | Should -Not -Match 'RESULT=c1-control'
    }

    It 'refuses an FA (2) invoice for production, also under -WhatIf, and sends nothing (BRIEF §1: FA (2) is TEST''s only)' {
        $sessions = { [int]((Invoke-Emulator GET '/emulator/requests').PSObject.Properties | Where-Object Name -match '^POST /v2/sessions' | Measure-Object Value -Sum).Sum }
        $before = & $sessions
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
`$nip = New-KsefTestIdentifier
`$work = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-fa2-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory `$work | Out-Null
$(Get-ProductionSessionScript 'Sprzedawca' 'SellerProduction')
`$fa2 = Join-Path `$work 'fa2.xml'
[IO.File]::WriteAllText(`$fa2, [IO.File]::ReadAllText('$(Join-Path $script:Spec 'samples/invoice-template-fa-2.xml')').Replace('#nip#', `$nip).Replace('#invoice_number#', 'FA2/1'))
Send-KsefInvoice `$fa2 -WhatIf -ErrorVariable asked -ErrorAction SilentlyContinue
'WHATIF=' + `$asked[0].FullyQualifiedErrorId.Split(',')[0]
`$sent = Send-KsefInvoice `$fa2 -Wait -ErrorVariable refused -ErrorAction SilentlyContinue
'SENT=' + @(`$sent).Count + '|' + `$refused[0].FullyQualifiedErrorId.Split(',')[0] + '|' + `$refused[0].TargetObject
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'WHATIF=InvoiceFormNotAccepted'
        $run.Output | Should -Match 'SENT=0\|InvoiceFormNotAccepted\|.*fa2\.xml'
        (& $sessions) | Should -Be $before
    }

    It 'saves each accepted invoice''s own UPO by its KSeF number, from piped results or from a whole session, and says which have none' {
        $run = Invoke-Seller (New-TestStorePath) 3 'U' @"
`$other = Join-Path `$folder 'other-seller.xml'
[IO.File]::WriteAllText(`$other, [IO.File]::ReadAllText('$script:Template').Replace('#nip#', '5265877635').Replace('#invoice_number#', 'X1').Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>"))
`$sent = Get-ChildItem `$folder -Filter *.xml | Send-KsefInvoice -Wait -ErrorAction SilentlyContinue
`$mine = Join-Path `$folder 'mine'
`$files = `$sent | Get-KsefUpo -PerInvoice -OutputDirectory `$mine -ErrorAction SilentlyContinue -ErrorVariable missing
'FILES=' + ((`$files.Name | Sort-Object) -join ',')
'EXPECTED=' + ((`$sent | Where-Object KsefNumber | ForEach-Object { 'UPO-' + `$_.KsefNumber + '.xml' } | Sort-Object) -join ',')
'MISSING=' + ((`$missing | ForEach-Object { `$_.FullyQualifiedErrorId.Split(',')[0] }) -join ',')
foreach (`$file in `$files) {
    `$upo = [xml](Get-Content -Raw `$file.FullName)
    'NUMBER=' + (`$file.BaseName -eq ('UPO-' + `$upo.Potwierdzenie.Dokument.NumerKSeFDokumentu)) + '|' + @(`$upo.Potwierdzenie.Dokument).Count
}
`$all = Get-KsefInvoiceSession -Type Online | Get-KsefUpo -PerInvoice -OutputDirectory (Join-Path `$folder 'all')
'ALL=' + @(`$all).Count
$script:ErrorIdHelper
[IO.File]::WriteAllText((Join-Path `$folder 'later.xml'), [IO.File]::ReadAllText((Join-Path `$folder 'fv-1.xml')).Replace('U1', 'U9'))
`$second = Send-KsefInvoice (Join-Path `$folder 'later.xml') -Wait
'ELSEWHERE=' + (Id { Get-KsefUpo -SessionReferenceNumber `$second.SessionReferenceNumber -KsefNumber `$sent[0].KsefNumber -PerInvoice -OutputDirectory `$mine -ErrorAction Stop })
'TYPO=' + (Id { Get-KsefUpo -SessionReferenceNumber `$second.SessionReferenceNumber -KsefNumber '5265877635-20250901-ABCDEF012345-00' -PerInvoice -OutputDirectory `$mine -ErrorAction Stop })
# A UPO that does not match the hash KSeF declares for it is not written (each of the three downloads is altered once)
Invoke-RestMethod -Method Post -Uri '$($script:Emulator.Url)/emulator/faults' -ContentType 'application/json' -Body (@{ Kind = 'Rewrite'; Method = 'GET'; PathPrefix = '/storage/upo/'; Find = 'NumerKSeFDokumentu'; ReplaceWith = 'NumerKSeFDokumentX'; Times = 3 } | ConvertTo-Json) | Out-Null
`$tamperedFolder = Join-Path `$folder 'tampered'
`$sent | Get-KsefUpo -PerInvoice -OutputDirectory `$tamperedFolder -ErrorAction SilentlyContinue -ErrorVariable tampered | Out-Null
'TAMPERED=' + ((`$tampered | ForEach-Object { `$_.FullyQualifiedErrorId.Split(',')[0] } | Sort-Object -Unique) -join ',') + '|' + @(`$tampered).Count + '|' + @(Get-ChildItem `$tamperedFolder -Filter *.xml -ErrorAction SilentlyContinue).Count
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $files = ($run.Output | Select-String 'FILES=(.*)').Matches[0].Groups[1].Value
        $files | Should -Match '^UPO-\d{10}-\d{8}-[0-9A-F]{12}-[0-9A-F]{2}\.xml(,UPO-\d{10}-\d{8}-[0-9A-F]{12}-[0-9A-F]{2}\.xml){2}$'
        $files | Should -Be ($run.Output | Select-String 'EXPECTED=(.*)').Matches[0].Groups[1].Value
        $run.Output | Should -Match '(?m)^MISSING=UpoNotAvailable$'   # the rejected invoice has no UPO
        ([regex]::Matches($run.Output, 'NUMBER=True\|1')).Count | Should -Be 3
        $run.Output | Should -Match 'ALL=3'
        $run.Output | Should -Match 'ELSEWHERE=UpoNotAvailable'   # accepted, but in another session
        $run.Output | Should -Match 'TYPO=KsefNumberInvalid'
        $run.Output | Should -Match 'TAMPERED=InvoiceHashMismatch,UpoNotAvailable\|4\|0'   # three altered, and the rejected invoice
    }

    It 'closes the online session when the pipeline stops early (Select-Object -First)' {
        $run = Invoke-Seller (New-TestStorePath) 5 'C' @"
`$first = Get-ChildItem `$folder -Filter *.xml | Send-KsefInvoice -Mode Online | Select-Object -First 2
'SESSIONREF=' + `$first[0].SessionReferenceNumber
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $reference = [regex]::Match($run.Output, 'SESSIONREF=(\S+)').Groups[1].Value
        $requests = Invoke-Emulator GET '/emulator/requests'
        $requests."POST /v2/sessions/online/$reference/close" | Should -Be 1
        $requests."POST /v2/sessions/online/$reference/invoices" | Should -BeLessThan 5
    }

    It 'accepts every invoice exactly once through a 429 and a dropped connection' {
        $store = New-TestStorePath
        $null = Invoke-Emulator DELETE '/emulator/faults'
        $null = Invoke-Emulator POST '/emulator/faults' @{ PathPrefix = '/v2/sessions/online/'; Method = 'POST'; Kind = 'TooManyRequests'; RetryAfterSeconds = 1; Times = 1 }
        $run = Invoke-Seller $store 6 'D' @"
Invoke-RestMethod -Method Post -Uri '$($script:Emulator.Url)/emulator/faults' -ContentType application/json -Body '{"pathPrefix":"/v2/sessions/online/","method":"POST","kind":"DropAfter","times":1}' | Out-Null
`$sent = Get-ChildItem `$folder -Filter *.xml | Send-KsefInvoice -Mode Online -Wait
`$sent | ForEach-Object { 'SENT=' + `$_.Status + '|' + `$_.KsefNumber }
'SESSIONREF=' + `$sent[0].SessionReferenceNumber
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        ([regex]::Matches($run.Output, 'SENT=Accepted\|\d{10}-')).Count | Should -Be 6
        ([regex]::Matches($run.Output, 'SENT=(\S+)') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique).Count | Should -Be 6
        $reference = [regex]::Match($run.Output, 'SESSIONREF=(\S+)').Groups[1].Value
        $requests = Invoke-Emulator GET '/emulator/requests'
        # six invoices, one refused with 429 and repeated after Retry-After, one answer lost: the session's list was asked
        # instead of sending that invoice again (a resend would have come back as a duplicate, 440)
        $requests."POST /v2/sessions/online/$reference/invoices" | Should -Be 7
        $requests."GET /v2/sessions/$reference/invoices" | Should -BeGreaterThan 0
    }

    It 'drains the offline queue with offlineMode and marks every entry with its KSeF number' {
        $run = Invoke-Seller (New-TestStorePath) 3 'E' @"
New-KsefTestCertificate -OrganizationName 'Firma Testowa' -Nip `$nip -Name Offline -Usage Offline | Out-Null
`$old = '$(Get-PolishDate -AddDays -10)'
[IO.File]::WriteAllText((Join-Path `$folder 'late.xml'), `$template.Replace('#nip#', `$nip).Replace('#invoice_number#', 'E-LATE').Replace('<P_1>2025-09-01</P_1>', "<P_1>`$old</P_1>"))
Get-ChildItem `$folder -Filter *.xml | Protect-KsefInvoice -Certificate Offline | Out-Null
'QUEUED=' + @(Get-KsefOfflineInvoice).Count
'OVERDUE=' + @(Get-KsefOfflineInvoice -Overdue).Count
`$sent = Get-KsefOfflineInvoice | Send-KsefInvoice -WarningVariable late
'WARNED=' + ((`$late | Where-Object { `$_ -match 'OfflineDeadlinePassed' -and `$_ -match 'E-LATE' }).Count)
`$sent | ForEach-Object { 'SENT=' + `$_.Status + '|' + `$_.OfflineMode + '|' + `$_.InvoicingMode }
'LEFT=' + @(Get-KsefOfflineInvoice).Count
Get-KsefOfflineInvoice -All | ForEach-Object { 'MARKED=' + `$_.KsefNumber }
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'QUEUED=4'
        $run.Output | Should -Match 'OVERDUE=1'
        $run.Output | Should -Match 'WARNED=1'
        ([regex]::Matches($run.Output, 'SENT=Accepted\|True\|Offline')).Count | Should -Be 4
        $run.Output | Should -Match 'LEFT=0'
        ([regex]::Matches($run.Output, 'MARKED=\d{10}-\d{8}-[0-9A-F]{12}-[0-9A-F]{2}')).Count | Should -Be 4
    }
}

Describe 'Sync-KsefInvoice' {
    It 'downloads only what is new, moves past a truncated window, and resumes after a crash with no gap or duplicate' {
        $buyer = & { . (Join-Path $PSScriptRoot 'TestSupport.ps1'); (Invoke-InFreshPwsh -Script 'New-KsefTestIdentifier').Output.Trim() }
        $xml = [IO.File]::ReadAllText($script:Template).Replace('#nip#', '5265877635').Replace('<NIP>1111111111</NIP>', "<NIP>$buyer</NIP>").Replace('#invoice_number#', 'S{n}')
        $null = Invoke-Emulator POST '/emulator/invoices' @{ xml = $xml.Replace('S{n}', 'S1-{n}'); count = 45 }
        $store = New-TestStorePath
        $inbox = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-sync-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $connect = @"
if (-not (Get-KsefCertificate | Where-Object Name -eq Buyer)) { New-KsefTestCertificate -OrganizationName 'Kupujacy' -Nip $buyer -Name Buyer | Out-Null }
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip $buyer -Certificate Buyer | Out-Null

"@
        $first = Invoke-InFreshPwsh -StorePath $store -Script ($connect + "Sync-KsefInvoice -OutputDirectory '$inbox' | ForEach-Object { 'SYNC=' + `$_.Downloaded + '|' + `$_.AlreadyPresent }")
        $first.ExitCode | Should -Be 0 -Because $first.Output
        $first.Output | Should -Match 'SYNC=45\|0'   # 45 records with a package limit of 20: three exports, two moves
        @(Get-ChildItem $inbox -Filter *.xml).Count | Should -Be 45

        $second = Invoke-InFreshPwsh -StorePath $store -Script ($connect + "Sync-KsefInvoice -OutputDirectory '$inbox' | ForEach-Object { 'SYNC=' + `$_.Downloaded + '|' + `$_.AlreadyPresent }")
        $second.Output | Should -Match 'SYNC=0\|0'

        $null = Invoke-Emulator POST '/emulator/invoices' @{ xml = $xml.Replace('S{n}', 'S2-{n}'); count = 5 }
        $third = Invoke-InFreshPwsh -StorePath $store -Script ($connect + "Sync-KsefInvoice -OutputDirectory '$inbox' | ForEach-Object { 'SYNC=' + `$_.Downloaded + '|' + `$_.AlreadyPresent }")
        $third.Output | Should -Match 'SYNC=5\|0'

        # A run killed midway: the mark stayed, some files were written. Simulated by new invoices of which some are
        # already on disk (as a killed run leaves them) and one half-written temporary file.
        $null = Invoke-Emulator POST '/emulator/invoices' @{ xml = $xml.Replace('S{n}', 'S3-{n}'); count = 30 }
        $partial = Invoke-InFreshPwsh -StorePath $store -Script ($connect + @"
Get-KsefInvoice -SubjectType Buyer -From ([DateTime]::UtcNow.AddMinutes(-10)) -InvoiceNumber 'FA/GRQMB-S3-7/05/2025' | Save-KsefInvoice -OutputDirectory '$inbox' | Out-Null
[IO.File]::WriteAllText((Join-Path '$inbox' '.half.part'), 'partial')
"@)
        $partial.ExitCode | Should -Be 0 -Because $partial.Output
        $fourth = Invoke-InFreshPwsh -StorePath $store -Script ($connect + "Sync-KsefInvoice -OutputDirectory '$inbox' | ForEach-Object { 'SYNC=' + `$_.Downloaded + '|' + `$_.AlreadyPresent }")
        $fourth.Output | Should -Match 'SYNC=29\|1'
        @(Get-ChildItem $inbox -Filter *.xml).Count | Should -Be 80
    }

    It 'completes a run that was killed midway: every invoice once, nothing missing' {
        $buyer = (Invoke-InFreshPwsh -Script 'New-KsefTestIdentifier').Output.Trim()
        $xml = [IO.File]::ReadAllText($script:Template).Replace('#nip#', '5265877635').Replace('<NIP>1111111111</NIP>', "<NIP>$buyer</NIP>").Replace('#invoice_number#', 'K{n}')
        $null = Invoke-Emulator POST '/emulator/invoices' @{ xml = $xml; count = 120 }
        $store = New-TestStorePath
        $inbox = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-kill-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $script = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-kill-' + [guid]::NewGuid().ToString('N') + '.ps1')
        $body = @"
if (-not (Get-KsefCertificate | Where-Object Name -eq Buyer)) { New-KsefTestCertificate -OrganizationName 'Kupujacy' -Nip $buyer -Name Buyer | Out-Null }
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip $buyer -Certificate Buyer | Out-Null
Sync-KsefInvoice -OutputDirectory '$inbox' | ForEach-Object { 'SYNC=' + `$_.Downloaded + '|' + `$_.AlreadyPresent }
"@
        Set-Content $script "`$ErrorActionPreference = 'Stop'; `$env:KSEFPS_STORE = '$store'; Import-Module '$script:ModulePath'`n$body"
        # Slow exports (six packages of at most 20 here), so that the run is surely still going when it is killed.
        $null = Invoke-Emulator POST '/emulator/faults' @{ PathPrefix = '/v2/invoices/exports'; Method = 'POST'; Kind = 'Delay'; DelayMs = 500; Times = 20 }
        $start = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($a in '-NoProfile', '-NonInteractive', '-File', $script) { $start.ArgumentList.Add($a) }
        $start.RedirectStandardOutput = $true
        $victim = [System.Diagnostics.Process]::Start($start)
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ([DateTime]::UtcNow -lt $deadline -and -not $victim.HasExited -and @(Get-ChildItem $inbox -Filter *.xml -ErrorAction SilentlyContinue).Count -lt 30) {
                $null = $victim.WaitForExit(20)
            }
            $victim.HasExited | Should -BeFalse -Because 'the run must be killed while it is still downloading'
            $victim.Kill($true)
            $victim.WaitForExit()
        }
        finally {
            $null = Invoke-Emulator DELETE '/emulator/faults'
        }
        $before = @(Get-ChildItem $inbox -Filter *.xml).Count
        $before | Should -BeLessThan 120

        $rerun = Invoke-InFreshPwsh -StorePath $store -Script $body
        $rerun.ExitCode | Should -Be 0 -Because $rerun.Output
        $counts = [regex]::Match($rerun.Output, 'SYNC=(\d+)\|(\d+)')
        # exactly the missing ones were downloaded: none twice, none lost
        [int]$counts.Groups[1].Value | Should -Be (120 - $before)
        $files = Get-ChildItem $inbox -Filter *.xml
        $files.Count | Should -Be 120
        ($files | ForEach-Object { ([xml](Get-Content -Raw $_.FullName)).Faktura.Fa.P_2 } | Sort-Object -Unique).Count | Should -Be 120
        Remove-Item $script
    }

    It 'on production warns when a subject type is synced again within 15 minutes, and on TEST says nothing' {
        $run = Invoke-InFreshPwsh -StorePath (New-TestStorePath) -Script @"
`$nip = New-KsefTestIdentifier
`$inbox = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-often-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-KsefTestCertificate -OrganizationName 'Kupujacy' -Nip `$nip -Name Buyer | Out-Null
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate Buyer | Out-Null
Sync-KsefInvoice -OutputDirectory `$inbox | Out-Null
Sync-KsefInvoice -OutputDirectory `$inbox -WarningVariable onTest | Out-Null
'TEST=' + @(`$onTest).Count
$(Get-ProductionSessionScript 'Kupujacy' 'BuyerProduction')
Sync-KsefInvoice -OutputDirectory `$inbox -WarningVariable first | Out-Null
'FIRST=' + @(`$first).Count
Sync-KsefInvoice -OutputDirectory `$inbox -WarningVariable again | Out-Null
'AGAIN=' + (`$again -join ' ')
Sync-KsefInvoice -OutputDirectory `$inbox -SubjectType Seller -WarningVariable other | Out-Null
'OTHERTYPE=' + @(`$other).Count
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'TEST=0'
        $run.Output | Should -Match 'FIRST=0'
        $run.Output | Should -Match 'AGAIN=The last sync of Buyer invoices in Nip:\d{10} ended 1 min ago\. On production KSeF asks for at most one sync every 15 minutes per subject type'
        $run.Output | Should -Match 'OTHERTYPE=0'
    }

    It 'lets a second concurrent run wait for the first, or fail cleanly with SyncInProgress' {
        $inbox = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-lock-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory $inbox | Out-Null
        $lock = [IO.FileStream]::new((Join-Path $inbox '.ksefps-sync-Buyer.lock'), 'OpenOrCreate', 'ReadWrite', 'None')
        try {
            $run = Invoke-Seller (New-TestStorePath) 1 'L' @"
try { Sync-KsefInvoice -OutputDirectory '$inbox' -LockTimeoutSeconds 1 } catch { 'ERRORID=' + `$_.FullyQualifiedErrorId.Split(',')[0] }
"@
            $run.Output | Should -Match 'ERRORID=SyncInProgress'
        }
        finally {
            $lock.Dispose()
        }
    }
}
