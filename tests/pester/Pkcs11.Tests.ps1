BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-pkcs11-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory "$script:Work/tokens", "$script:Work/auth" | Out-Null
    # SoftHSM2 from Debian (installed by .ci/run), with tokens of this run only. The library reads SOFTHSM2_CONF with the
    # C library's getenv: it is set here, before the child processes that load it start.
    Set-Content "$script:Work/softhsm2.conf" "directories.tokendir = $script:Work/tokens`nobjectstore.backend = file`nlog.level = ERROR"
    $env:SOFTHSM2_CONF = "$script:Work/softhsm2.conf"
    $script:Library = @('/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so', '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so') |
        Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $script:Library) { throw 'SoftHSM2 is not installed; .ci/run installs it (apt install softhsm2).' }
    # OpenSC's PKCS#11 spy sits between KsefPS and SoftHSM and logs every call: it counts the logins.
    $script:Spy = @('/usr/lib/x86_64-linux-gnu/pkcs11-spy.so', '/usr/lib/aarch64-linux-gnu/pkcs11-spy.so', '/usr/lib/pkcs11-spy.so') |
        Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $script:Spy) { throw 'pkcs11-spy.so (OpenSC) is not installed; .ci/run installs it (apt install opensc).' }
    $env:PKCS11SPY = $script:Library
    $env:PKCS11SPY_OUTPUT = "$script:Work/spy-setup.log"
    foreach ($label in 'KSeF', 'Spare') {
        $made = & softhsm2-util --init-token --free --label $label --pin 739152846 --so-pin 5678 2>&1
        if ($LASTEXITCODE -ne 0) { throw "softhsm2-util: $made" }
    }
    $script:Emulator = Start-KsefEmulator -ModulePath $script:ModulePath -Setting @('--Emulator:AuthProcessingDelay=00:00:00.050',
        '--Emulator:EnrollmentProcessingDelay=00:00:00.050', "--Emulator:SaveAuthRequestsTo=$script:Work/auth")
    $script:Template = Join-Path $PSScriptRoot '../../spec/samples/invoice-template-fa-3.xml'
    $script:Prelude = @"
Set-Location '$script:Work'
`$lib = '$script:Library'
`$pin = ConvertTo-SecureString '739152846' -AsPlainText -Force
`$api = '$($script:Emulator.Url)'
"@
}
AfterAll {
    Stop-KsefEmulator $script:Emulator
    Remove-Item Env:SOFTHSM2_CONF, Env:PKCS11SPY, Env:PKCS11SPY_OUTPUT -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force $script:Work -ErrorAction SilentlyContinue
}

Describe 'Keys on a PKCS#11 token (SoftHSM2)' {
    It 'RSA-2048 and EC P-256 keys made on the token log in, sign KOD II, enroll and renew with the key on the token' {
        $run = Invoke-InFreshPwsh -StorePath "$script:Work/store/store.db" -Script @"
$script:Prelude
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -OrganizationName 'Firma Tokenowa' -Nip `$nip -KeyAlgorithm Rsa2048 -Name TokRsa -Pkcs11Library `$lib -TokenLabel KSeF -Pin `$pin | Out-Null
New-KsefTestCertificate -GivenName Anna -Surname Token -Nip `$nip -Name TokEc -Pkcs11Library `$lib -TokenLabel KSeF -Pin `$pin | Out-Null
New-KsefTestCertificate -OrganizationName 'Firma Tokenowa' -Nip `$nip -Usage Offline -Name TokOff -Pkcs11Library `$lib -TokenLabel KSeF -Pin `$pin -SavePin | Out-Null
New-KsefTestCertificate -OrganizationName 'Firma Tokenowa' -Nip `$nip -Usage Offline -KeyAlgorithm Rsa2048 -Name TokOffRsa -Pkcs11Library `$lib -TokenLabel KSeF -Pin `$pin -SavePin | Out-Null

# What the token holds, piped into Add-KsefCertificate: the entries are made again from the token alone.
Remove-KsefCertificate TokRsa, TokEc -Confirm:`$false
`$listed = Get-KsefPkcs11Certificate `$lib -TokenLabel KSeF -Pin `$pin | Where-Object KeyLabel -in 'TokRsa', 'TokEc'
`$listed | ForEach-Object { 'LISTED=' + `$_.KeyLabel + '|' + `$_.KeyType + '|' + `$_.HasPrivateKey + '|' + (`$null -ne `$_.Certificate) }
`$listed | ForEach-Object { `$_ | Add-KsefCertificate -Pin `$pin -Usage Authentication -Name (`$_.KeyLabel + 'Again') | Out-Null }
Get-KsefCertificate Tok* | ForEach-Object { 'ENTRY=' + `$_.Name + '|' + `$_.KeySource + '|' + `$_.KeyReachable + '|' + `$_.PinSaved + '|' + `$_.KeyAlgorithm }

'RSA=' + (Connect-Ksef -ApiUrl `$api -Nip `$nip -Certificate TokRsaAgain -Pin `$pin).State
Disconnect-Ksef
'EC=' + (Connect-Ksef -ApiUrl `$api -Nip `$nip -Certificate TokEcAgain -Pin `$pin).State

foreach (`$entry in 'TokOff', 'TokOffRsa') {
    [IO.File]::WriteAllText("`$PWD/`$entry.xml", [IO.File]::ReadAllText('$script:Template').Replace('#nip#', `$nip).Replace('#invoice_number#', `$entry))
    `$protected = Protect-KsefInvoice "./`$entry.xml" -Certificate `$entry
    'KOD2=' + `$entry + '|' + (`$protected | Test-KsefCertificateLink -Certificate `$entry).Valid + '|' + `$protected.CertificateLink
    Export-KsefCertificate `$entry "./`$entry.pem" -Format Pem -Confirm:`$false | Out-Null
}

`$enrolled = Request-KsefCertificate -Usage Offline -Name 'Offline na tokenie' -KeyStorage Pkcs11 -Pkcs11Library `$lib -TokenLabel KSeF -Pin `$pin
'ENROLLED=' + `$enrolled.KeySource + '|' + `$enrolled.PinSaved + '|' + `$enrolled.KeyReference
'ONTOKEN=' + @(Get-KsefPkcs11Certificate `$lib -TokenLabel KSeF | Where-Object Thumbprint -eq `$enrolled.Thumbprint).Count
[IO.File]::WriteAllText("`$PWD/enrolled.xml", [IO.File]::ReadAllText('$script:Template').Replace('#nip#', `$nip).Replace('#invoice_number#', 'E-1'))
'ENROLLEDLINK=' + (Protect-KsefInvoice ./enrolled.xml -Certificate 'Offline na tokenie' -Pin `$pin | Test-KsefCertificateLink -Certificate 'Offline na tokenie').Valid
`$renewed = Request-KsefCertificate -Renew 'Offline na tokenie' -Name 'Offline odnowiony' -Pin `$pin
'RENEWED=' + `$renewed.KeySource + '|' + (`$renewed.KeyReference -ne `$enrolled.KeyReference) + '|' + `$renewed.KeyReference.Contains('token=KSeF')

Export-KsefCertificate TokOff ./key.pem -Format Key -Confirm:`$false -ErrorVariable refused -ErrorAction SilentlyContinue
'EXPORTKEY=' + `$refused[0].FullyQualifiedErrorId + '|' + (Test-Path ./key.pem)
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'LISTED=TokRsa\|RSA-2048\|True\|True'
        $run.Output | Should -Match 'LISTED=TokEc\|EC-P256\|True\|True'
        foreach ($entry in 'TokRsaAgain\|Pkcs11\|True\|False\|RSA-2048', 'TokEcAgain\|Pkcs11\|True\|False\|EC-P256', 'TokOff\|Pkcs11\|True\|True\|EC-P256', 'TokOffRsa\|Pkcs11\|True\|True\|RSA-2048') {
            $run.Output | Should -Match "ENTRY=$entry"
        }
        $run.Output | Should -Match 'RSA=Active'
        $run.Output | Should -Match 'EC=Active'
        $run.Output | Should -Match 'ENROLLED=Pkcs11\|False\|pkcs11:token=KSeF;'
        $run.Output | Should -Match 'ONTOKEN=1'
        $run.Output | Should -Match 'ENROLLEDLINK=True'
        $run.Output | Should -Match 'RENEWED=Pkcs11\|True\|True'
        $run.Output | Should -Match 'EXPORTKEY=KeyNotExportable,.*\|False'

        # xmlsec1 verifies every AuthTokenRequest the token signed (RSA and EC).
        $requests = @(Get-ChildItem "$script:Work/auth" -Filter *.xml)
        $requests.Count | Should -BeGreaterOrEqual 2
        foreach ($request in $requests) {
            $verified = & xmlsec1 --verify --insecure --id-attr:Id 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties' $request.FullName 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($verified | Out-String)
        }

        # openssl verifies KOD II signed on the token: ECDSA (r‖s turned into DER here) and RSASSA-PSS.
        foreach ($entry in 'TokOff', 'TokOffRsa') {
            $link = [regex]::Match($run.Output, "KOD2=$entry\|True\|(\S+)").Groups[1].Value
            $link -match '^https://(.+)/([A-Za-z0-9_-]+)$' | Should -BeTrue -Because $link
            [IO.File]::WriteAllText("$script:Work/$entry.signed", $Matches[1])
            $signature = [Convert]::FromBase64String($Matches[2].Replace('-', '+').Replace('_', '/').PadRight(($Matches[2].Length + 3) -band -4, '='))
            & openssl x509 -in "$script:Work/$entry.pem" -pubkey -noout -out "$script:Work/$entry.pub" 2>&1 | Out-Null
            if ($entry -eq 'TokOff') {
                $writer = [System.Formats.Asn1.AsnWriter]::new([System.Formats.Asn1.AsnEncodingRules]::DER)
                $sequence = $writer.PushSequence()
                foreach ($half in $signature[0..31], $signature[32..63]) {
                    # DER keeps no leading zero bytes: r or s starts with one in 1 of 256 signatures.
                    $first = 0
                    while ($first -lt 31 -and $half[$first] -eq 0) { $first++ }
                    $writer.WriteIntegerUnsigned([byte[]]($half[$first..31]))
                }
                $sequence.Dispose()
                $signature = $writer.Encode()
                $options = @()
            }
            else { $options = @('-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32') }
            [IO.File]::WriteAllBytes("$script:Work/$entry.sig", $signature)
            $verified = & openssl dgst -sha256 -verify "$script:Work/$entry.pub" @options -signature "$script:Work/$entry.sig" "$script:Work/$entry.signed" 2>&1
            ($verified | Out-String) | Should -Match 'Verified OK'
        }
    }

    It 'keeps no key material and no PIN unless asked; the certificate may come from a file when the token holds only the key' {
        $run = Invoke-InFreshPwsh -StorePath "$script:Work/custody/store.db" -Script @"
$script:Prelude
`$nip = New-KsefTestIdentifier
# A key of known value, moved onto the token with OpenSC's pkcs11-tool: the store files are searched for it afterwards.
New-KsefTestCertificate -GivenName Jan -Surname Import -Nip `$nip -Name Scratch -StorePath ./scratch.db | Out-Null
Export-KsefCertificate Scratch ./imported.pem -Format Pem -StorePath ./scratch.db -Confirm:`$false | Out-Null
Export-KsefCertificate Scratch ./imported.key -Format Key -StorePath ./scratch.db -Confirm:`$false | Out-Null
`$key = [System.Security.Cryptography.ECDsa]::Create(); `$key.ImportFromPem((Get-Content -Raw ./imported.key))
[IO.File]::WriteAllBytes("`$PWD/imported.der", `$key.ExportPkcs8PrivateKey())
`$scalar = [Convert]::ToHexString(`$key.ExportParameters(`$true).D)
& pkcs11-tool --module `$lib --token-label KSeF --login --pin 739152846 --write-object ./imported.der --type privkey --id 99 --label Imported 2>&1 | Out-Null
'WRITTEN=' + `$LASTEXITCODE
Remove-Item ./imported.der, ./imported.key

Add-KsefCertificate -Pkcs11Library `$lib -TokenLabel KSeF -KeyId 99 -CertificatePath ./imported.pem -Pin `$pin -Usage Authentication -Name FromFile | Out-Null
Add-KsefCertificate -Pkcs11Library `$lib -TokenLabel KSeF -KeyLabel Imported -CertificatePath ./imported.pem -Pin `$pin -SavePin -Usage Offline -Name WithPin | Out-Null
Get-KsefCertificate FromFile, WithPin | ForEach-Object { 'ENTRY=' + `$_.Name + '|' + `$_.KeySource + '|' + `$_.PinSaved }
'STATE=' + (Connect-Ksef -ApiUrl `$api -Nip `$nip -Certificate FromFile -Pin `$pin).State
try { Add-KsefCertificate -Pkcs11Library `$lib -TokenLabel KSeF -KeyLabel Imported -Usage Offline -Name NoCert -Pin `$pin | Out-Null } catch { 'NOCERT=' + `$_.FullyQualifiedErrorId }
try { Add-KsefCertificate -Pkcs11Library 'libsofthsm2.so' -KeyId 99 -Name Relative | Out-Null } catch { 'RELATIVE=' + `$_.FullyQualifiedErrorId }
try { Get-KsefPkcs11Certificate -Pkcs11Library 'libsofthsm2.so' | Out-Null } catch { 'LISTRELATIVE=' + `$_.FullyQualifiedErrorId }

Disconnect-Ksef
`$files = Get-ChildItem ./custody -File | ForEach-Object { [Convert]::ToHexString([IO.File]::ReadAllBytes(`$_.FullName)) }
'FILES=' + `$files.Count
'KEYBYTES=' + (@(`$files | Where-Object { `$_.Contains(`$scalar) }).Count)
`$pinAscii = [Convert]::ToHexString([Text.Encoding]::ASCII.GetBytes('739152846'))
`$pinUtf16 = [Convert]::ToHexString([Text.Encoding]::Unicode.GetBytes('739152846'))
'PINBYTES=' + (@(`$files | Where-Object { `$_.Contains(`$pinAscii) -or `$_.Contains(`$pinUtf16) }).Count)
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'WRITTEN=0'
        $run.Output | Should -Match 'ENTRY=FromFile\|Pkcs11\|False'
        $run.Output | Should -Match 'ENTRY=WithPin\|Pkcs11\|True'
        $run.Output | Should -Match 'STATE=Active'
        $run.Output | Should -Match 'NOCERT=CertificateKeyMissing,'
        $run.Output | Should -Match '(?m)^RELATIVE=Pkcs11LibraryInvalid,'
        $run.Output | Should -Match 'LISTRELATIVE=Pkcs11LibraryInvalid,'
        $run.Output | Should -Match 'FILES=[1-9]'
        $run.Output | Should -Match 'KEYBYTES=0'
        $run.Output | Should -Match 'PINBYTES=0'
    }

    It 'tries a wrong PIN exactly once (PinInvalid), asks for none where nobody can type (PinRequired), and names the entry when the token is gone' {
        $store = "$script:Work/pins/store.db"
        $setup = Invoke-InFreshPwsh -StorePath $store -Script @"
$script:Prelude
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -GivenName Ewa -Surname Spy -Nip `$nip -Name Spied -Pkcs11Library '$script:Spy' -TokenLabel KSeF -Pin `$pin | Out-Null
New-KsefTestCertificate -GivenName Ewa -Surname Spare -Nip `$nip -Name OnSpare -Pkcs11Library `$lib -TokenLabel Spare -Pin `$pin | Out-Null
`$nip
"@
        $setup.ExitCode | Should -Be 0 -Because $setup.Output
        # A copy of the library, in a process of its own (one process loads one SoftHSM), then taken away.
        Copy-Item $script:Library "$script:Work/moved-softhsm2.so"
        $moved = Invoke-InFreshPwsh -StorePath $store -Script @"
$script:Prelude
New-KsefTestCertificate -GivenName Ewa -Surname Moved -Nip 5265877635 -Name Moved -Pkcs11Library '$script:Work/moved-softhsm2.so' -TokenLabel KSeF -Pin `$pin | Out-Null
"@
        $moved.ExitCode | Should -Be 0 -Because $moved.Output
        $nip = ($setup.Output -split "`n" | Where-Object { $_ -match '^\d{10}\s*$' } | Select-Object -Last 1).Trim()
        & softhsm2-util --delete-token --token Spare 2>&1 | Out-Null
        Remove-Item "$script:Work/moved-softhsm2.so"

        $env:PKCS11SPY_OUTPUT = "$script:Work/spy.log"
        try {
            $run = Invoke-InFreshPwsh -StorePath $store -Script @"
$script:Prelude
`$wrong = ConvertTo-SecureString '000000' -AsPlainText -Force
try { Connect-Ksef -ApiUrl `$api -Nip $nip -Certificate Spied -Pin `$wrong | Out-Null } catch { 'WRONG=' + `$_.FullyQualifiedErrorId + '|' + `$_.Exception.Message }
try { Connect-Ksef -ApiUrl `$api -Nip $nip -Certificate Spied | Out-Null } catch { 'NOPIN=' + `$_.FullyQualifiedErrorId + '|' + `$_.Exception.Message }
try { Connect-Ksef -ApiUrl `$api -Nip $nip -Certificate OnSpare -Pin `$pin | Out-Null } catch { 'NOTOKEN=' + `$_.FullyQualifiedErrorId + '|' + `$_.Exception.Message }
try { Connect-Ksef -ApiUrl `$api -Nip $nip -Certificate Moved -Pin `$pin | Out-Null } catch { 'NOLIBRARY=' + `$_.FullyQualifiedErrorId + '|' + `$_.Exception.Message }
Get-KsefCertificate Spied, OnSpare, Moved | ForEach-Object { 'REACHABLE=' + `$_.Name + '|' + `$_.KeyReachable }
"@
        }
        finally { $env:PKCS11SPY_OUTPUT = "$script:Work/spy-setup.log" }
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match "WRONG=PinInvalid,[^|]*\|The token 'KSeF'.*'Spied'"
        $run.Output | Should -Not -Match '000000'
        @(Select-String -Path "$script:Work/spy.log" -Pattern 'C_Login' -SimpleMatch).Count | Should -Be 1
        $run.Output | Should -Match "NOPIN=PinRequired,[^|]*\|.*'Spied'"
        $run.Output | Should -Match "NOTOKEN=KeyUnreachable,[^|]*\|The key of 'OnSpare' cannot be reached: no token labelled 'Spare'"
        $run.Output | Should -Match "NOLIBRARY=KeyUnreachable,[^|]*\|The key of 'Moved' cannot be reached: the PKCS#11 library .*moved-softhsm2.so is not there"
        $run.Output | Should -Match 'REACHABLE=Spied\|True'
        $run.Output | Should -Match 'REACHABLE=OnSpare\|False'
        $run.Output | Should -Match 'REACHABLE=Moved\|False'
    }
}
