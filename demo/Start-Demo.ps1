<#
.SYNOPSIS
    The KsefPS demo: a tour of the certificate store against a temporary store (never the user's own).
#>
param([Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
# A log of the demo (CI, a redirected console) gets plain text: no colour escape codes around verbose lines.
if ([Console]::IsOutputRedirected) { $PSStyle.OutputRendering = 'PlainText' }
$work = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-demo-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory $work | Out-Null
$env:KSEFPS_STORE = Join-Path $work 'store/store.db'
. (Join-Path $PSScriptRoot '../tools/Emulator.ps1')
. (Join-Path $PSScriptRoot '../tools/PolishDate.ps1')
Import-Module $ModulePath -Force

function Step([string] $Text) { Write-Host "`n== $Text" }
# Tables wider than a redirected console's 80 columns, so that a log of the demo stays readable.
function Show { $input | Out-String -Width 160 | Write-Host }

try {
    Step "A temporary store: $env:KSEFPS_STORE"
    $nip = New-KsefTestIdentifier -Type Nip
    $pesel = New-KsefTestIdentifier -Type Pesel
    Write-Host "Random test identifiers: NIP $nip, PESEL $pesel"

    Step 'A personal test certificate (EC P-256) and a seal test certificate (RSA-2048, for offline invoices)'
    New-KsefTestCertificate -GivenName Anna -Surname Nowak -Nip $nip -Name DemoPersonal | Format-Table | Show
    New-KsefTestCertificate -OrganizationName 'Demo sp. z o.o.' -Nip $nip -KeyAlgorithm Rsa2048 -Usage Offline -Name DemoSeal | Format-Table | Show

    Step 'A certificate made by openssl, imported with its encrypted PKCS#8 key'
    $keyPassword = ConvertTo-SecureString -AsPlainText -Force ([guid]::NewGuid().ToString())
    $plainKeyPassword = [System.Net.NetworkCredential]::new('', $keyPassword).Password
    if (Get-Command openssl -ErrorAction SilentlyContinue) {
        Push-Location $work
        try {
            & openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout plain.key -days 365 `
                -subj "/C=PL/CN=Jan Kowalski/serialNumber=PNOPL-$pesel/SN=Kowalski/GN=Jan" -out openssl.crt 2>$null
            & openssl pkcs8 -topk8 -in plain.key -v2 aes-256-cbc -passout "pass:$plainKeyPassword" -out openssl.key
            Remove-Item plain.key
        }
        finally { Pop-Location }
        Add-KsefCertificate (Join-Path $work 'openssl.crt') -KeyPath (Join-Path $work 'openssl.key') -KeyPassword $keyPassword `
            -Usage Authentication -Name DemoOpenSsl | Format-Table | Show
    }
    else {
        Write-Host 'openssl is not installed here: skipping this step (install openssl to see it).'
    }

    Step 'Everything in the store (listing needs no key)'
    Get-KsefCertificate | Format-Table | Show

    Step 'Export the personal certificate as PEM and as an encrypted PFX backup'
    Export-KsefCertificate DemoPersonal (Join-Path $work 'personal.pem') | Select-Object Name, Length | Format-Table | Show
    Export-KsefCertificate DemoPersonal (Join-Path $work 'personal.pfx') -Format Pfx -Password $keyPassword -Confirm:$false |
        Select-Object Name, Length | Format-Table | Show

    Step 'Remove the seal certificate'
    Remove-KsefCertificate DemoSeal -Confirm:$false
    Get-KsefCertificate | Format-Table | Show

    Step 'The store'
    Get-KsefStore | Format-List | Show
    Get-KsefEnvironment | Format-List | Show

    Step 'Start the local KSeF emulator'
    $emulator = Start-KsefEmulator -ModulePath $ModulePath
    $apiUrl = $emulator.Url
    Write-Host "Emulator at $apiUrl"

    Step "Connect-Ksef with the personal test certificate, in the context of NIP $nip"
    Connect-Ksef -ApiUrl $apiUrl -Nip $nip -Certificate DemoPersonal | Format-List | Show

    Step 'A KSeF token for unattended jobs, kept encrypted in the store'
    New-KsefToken -Permission InvoiceRead, InvoiceWrite -Description 'KsefPS demo job' -Name DemoJob | Format-Table | Show
    Disconnect-Ksef

    Step 'Reconnect with the stored token (what a scheduled task does), list tokens at KSeF, disconnect'
    Connect-Ksef -ApiUrl $apiUrl -TokenName DemoJob | Format-Table | Show
    Get-KsefToken -Remote | Format-Table | Show
    Disconnect-Ksef -Verbose

    Step 'KSeF certificates by CSR enrollment: an Authentication and an Offline one, keys made here and kept only in the store'
    Connect-Ksef -ApiUrl $apiUrl -Nip $nip -Certificate DemoPersonal | Out-Null
    Get-KsefCertificateLimit | Format-List | Show
    Request-KsefCertificate -Usage Authentication -Name 'Demo Auth' | Format-Table | Show
    Request-KsefCertificate -Usage Offline -Name 'Demo Offline' | Format-Table | Show

    Step 'Log in with the new KSeF Authentication certificate, then renew it and revoke the old one'
    Connect-Ksef -ApiUrl $apiUrl -Nip $nip -Certificate 'Demo Auth' | Format-Table | Show
    Get-KsefCertificate 'Demo Auth' | Request-KsefCertificate -RevokeOld -Confirm:$false | Format-Table | Show
    Get-KsefIssuedCertificate | Format-Table | Show
    Get-KsefCertificate | Format-Table Name, Usage, SerialNumber, Status | Show

    Step 'Offline invoices: KOD I and KOD II signed with the emulator-issued Offline certificate, QR images, the offline queue'
    $invoices = New-Item -ItemType Directory (Join-Path $work 'invoices')
    # The Ministry's FA(3) sample invoice, issued today by our demo seller.
    $template = (Get-Content -Raw (Join-Path $PSScriptRoot '../spec/samples/invoice-template-fa-3.xml')).Replace('#nip#', $nip).
        Replace('<P_1>2025-09-01</P_1>', "<P_1>$(Get-PolishDate)</P_1>")
    1..3 | ForEach-Object { $template.Replace('#invoice_number#', "OFFLINE-$_") | Set-Content -NoNewline (Join-Path $invoices "fv-$_.xml") }
    $protected = Get-ChildItem $invoices -Filter *.xml | Protect-KsefInvoice -Certificate 'Demo Offline' -OutputDirectory (Join-Path $work 'qr')
    $protected | Format-Table | Show
    Get-ChildItem (Join-Path $work 'qr') | Format-Table Name, Length | Show

    Step 'Verify one KOD II link locally (Test-KsefCertificateLink), then as a phone does by scanning it'
    $protected[0] | Test-KsefCertificateLink -Certificate 'Demo Offline' | Format-List | Show
    Write-Host "What a phone shows after scanning KOD II: the emulator's verification page (in Polish, as KSeF's):"
    $page = Invoke-RestMethod ($apiUrl.TrimEnd('/') + ([uri]$protected[0].CertificateLink).AbsolutePath)
    ([regex]::Matches($page, '<li class="\w+">([^<]+)</li>') | ForEach-Object { '  ' + [System.Net.WebUtility]::HtmlDecode($_.Groups[1].Value) }) -join "`n" | Write-Host

    Step 'The offline queue: what must reach KSeF, and by when'
    Get-KsefOfflineInvoice | Format-Table | Show

    Step 'Three invoices go online (up to five do): checked against the FA(3) schema, one encrypted session, KSeF numbers, the UPO'
    $outbox = New-Item -ItemType Directory (Join-Path $work 'outbox')
    1..3 | ForEach-Object { $template.Replace('#invoice_number#', "ONLINE-$_") | Set-Content -NoNewline (Join-Path $outbox "fv-online-$_.xml") }
    $sent = Get-ChildItem $outbox -Filter *.xml | Send-KsefInvoice -Wait
    $sent | Format-Table | Show
    $sent | Get-KsefUpo -OutputDirectory (Join-Path $work 'upo') | Format-Table Name, Length | Show

    Step 'A billing run of 200 invoices: one batch session (TarGz package, encrypted parts), within production''s rate limits'
    $billing = New-Item -ItemType Directory (Join-Path $work 'billing')
    1..200 | ForEach-Object { $template.Replace('#invoice_number#', "BATCH-$_") | Set-Content -NoNewline (Join-Path $billing "fv-batch-$_.xml") }
    $run = Get-ChildItem $billing -Filter *.xml | Send-KsefInvoice -Wait
    $run | Group-Object Status, SessionType, SessionReferenceNumber -NoElement | Format-Table Count, Name | Show
    $run | Select-Object -First 3 | Format-Table | Show
    Get-KsefInvoiceSession | Format-Table | Show

    Step 'Send the offline queue (offlineMode); each entry gets its KSeF number'
    Get-KsefOfflineInvoice | Send-KsefInvoice | Format-Table | Show
    Get-KsefOfflineInvoice -All | Format-Table | Show

    Step 'Sync-KsefInvoice: everything up to KSeF''s high-water mark, then only what is new'
    Sync-KsefInvoice -OutputDirectory (Join-Path $work 'inbox') -SubjectType Seller | Format-Table | Show
    Sync-KsefInvoice -OutputDirectory (Join-Path $work 'inbox') -SubjectType Seller | Format-Table | Show
    Disconnect-Ksef
}
finally {
    if ($emulator) { Stop-KsefEmulator $emulator }
    Remove-Module KsefPS -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
    Remove-Item Env:KSEFPS_STORE
}
