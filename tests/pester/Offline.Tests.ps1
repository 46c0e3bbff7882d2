BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Template = Get-Content -Raw (Join-Path $PSScriptRoot '../../spec/samples/invoice-template-fa-3.xml')

    # A folder with <Count> invoices of a fresh seller in <work>/out, and the script lines that make an Offline certificate for it.
    function New-OfflineWork([int] $Count) {
        $work = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-offline-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory (Join-Path $work 'out') | Out-Null
        $prelude = @"
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -OrganizationName Org -Nip `$nip -Usage Offline -Name Offline2026 | Out-Null
`$template = @'
$script:Template
'@
1..$Count | ForEach-Object { `$template.Replace('#nip#', `$nip).Replace('#invoice_number#', "`$_") | Set-Content -NoNewline -Path ('$work/out/fv-' + `$_ + '.xml') }
"@
        @{ Work = $work; Prelude = $prelude }
    }
}

Describe 'Protect-KsefInvoice from the built module' {
    It 'protects invoices from Get-ChildItem, writes QR images zbarimg reads back, and queues them' {
        $offline = New-OfflineWork 3
        $work = $offline.Work
        $run = Invoke-InFreshPwsh -StorePath (Join-Path $work 'store/store.db') -Script @"
$($offline.Prelude)
Get-ChildItem '$work/out/*.xml' | Protect-KsefInvoice -Certificate Offline2026 -OutputDirectory '$work/qr' -WarningVariable late | Format-Table | Out-String -Width 200
'LATE=' + (`$late -join ' ')
`$today = '$(Get-PolishDate)'
`$template.Replace('#nip#', `$nip).Replace('#invoice_number#', 'T1').Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>") | Set-Content -NoNewline -Path '$work/today.xml'
Protect-KsefInvoice '$work/today.xml' -Certificate Offline2026 -WarningVariable onTime | Out-Null
'ONTIME=' + @(`$onTime).Count
'QUEUED=' + @(Get-KsefOfflineInvoice).Count
'KOD1=' + (Get-KsefOfflineInvoice | Select-Object -First 1).InvoiceLink
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'LATE=3 of the invoices were due at KSeF before they were protected: their sending deadline \(Offline24'
        $run.Output | Should -Match 'ONTIME=0'
        $run.Output | Should -Match 'QUEUED=4'
        $run.Output | Should -Match 'FA/GRQMB-1/05/2025\s+\d{10}\s+2025-09-01\s+Offline24\s+2025-09-02\s+fv-1.xml'
        (Get-ChildItem (Join-Path $work 'qr') -Filter *.png).Count | Should -Be 6
        $decoded = & zbarimg --quiet --raw (Join-Path $work 'qr/fv-1.kod2.png') 2>$null
        $decoded | Should -Match '^https://qr-test\.ksef\.mf\.gov\.pl/certificate/Nip/\d{10}/\d{10}/[0-9A-F]{16}/[A-Za-z0-9_-]{43}/[A-Za-z0-9_-]{86}$'
        Remove-Item -Recurse -Force $work
    }

    It 'reads a folder and a wildcard itself: -WhatIf names every file and changes nothing; then each file is protected once' {
        $offline = New-OfflineWork 5
        $work = $offline.Work
        $run = Invoke-InFreshPwsh -StorePath (Join-Path $work 'store/store.db') -Script @"
$($offline.Prelude)
Set-Content '$work/out/notes.txt' 'not an invoice'
Protect-KsefInvoice '$work/out' -Certificate Offline2026 -OutputDirectory '$work/qr' -WhatIf
`$WhatIfPreference = `$true
Protect-KsefInvoice '$work/out/fv-*.xml' -Certificate Offline2026 -OutputDirectory '$work/qr'
`$WhatIfPreference = `$false
'QUEUED=' + @(Get-KsefOfflineInvoice).Count
'QRFOLDER=' + (Test-Path '$work/qr')
`$protected = Protect-KsefInvoice '$work/out', '$work/out/fv-1.xml', '$work/out/FV-[23].XML' -Certificate Offline2026
'PROTECTED=' + ((`$protected | ForEach-Object { Split-Path `$_.Path -Leaf } | Sort-Object) -join ',')
'QUEUED=' + @(Get-KsefOfflineInvoice).Count
Protect-KsefInvoice '$work/out/none-*.xml' -Certificate Offline2026 -ErrorVariable missing -ErrorAction SilentlyContinue
'MISSING=' + `$missing[0].FullyQualifiedErrorId
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        ([regex]::Matches($run.Output, 'What if: .*Sign KOD II')).Count | Should -Be 10 -Because $run.Output
        foreach ($i in 1..5) { ([regex]::Matches($run.Output, "What if: .*fv-$i\.xml")).Count | Should -Be 2 -Because $run.Output }
        $run.Output | Should -Not -Match 'notes\.txt'
        $run.Output | Should -Match 'QUEUED=0'
        $run.Output | Should -Match 'QRFOLDER=False'
        $run.Output | Should -Match 'PROTECTED=fv-1.xml,fv-2.xml,fv-3.xml,fv-4.xml,fv-5.xml'
        $run.Output | Should -Match 'QUEUED=5'
        $run.Output | Should -Match 'MISSING=InvoiceUnreadable,'
        Remove-Item -Recurse -Force $work
    }

    It 'queues each invoice once however often it is protected, says so with -Verbose, and queues a changed invoice anew' {
        $offline = New-OfflineWork 3
        $work = $offline.Work
        $run = Invoke-InFreshPwsh -StorePath (Join-Path $work 'store/store.db') -Script @"
$($offline.Prelude)
'FIRST=' + @(Protect-KsefInvoice '$work/out' -Certificate Offline2026).Count
`$again = Protect-KsefInvoice '$work/out' -Certificate Offline2026 -Verbose 4>&1
'AGAIN=' + @(`$again | Where-Object { `$_ -isnot [Management.Automation.VerboseRecord] }).Count
`$said = @(`$again | Where-Object { `$_ -is [Management.Automation.VerboseRecord] -and `$_.Message -match 'already in the offline queue' })
'SAID=' + ((`$said | ForEach-Object { [int]`$_.Message.Split(' ')[0] } | Measure-Object -Sum).Sum)
'QUEUED=' + @(Get-KsefOfflineInvoice).Count
Add-Content '$work/out/fv-2.xml' ' '
Protect-KsefInvoice '$work/out' -Certificate Offline2026 | Out-Null
'CHANGED=' + @(Get-KsefOfflineInvoice).Count
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        foreach ($line in 'FIRST=3', 'AGAIN=3', 'SAID=3', 'QUEUED=3', 'CHANGED=4') { $run.Output | Should -Match $line }
        Remove-Item -Recurse -Force $work
    }

    It 'takes files only: another provider''s item or a missing drive is refused for that input, and as an output folder or store it stops the command' {
        $offline = New-OfflineWork 3
        $work = $offline.Work
        # Read as file names, these provider paths would name real invoices in the process's folder ("PATH", "qr").
        $run = Invoke-InFreshPwsh -StorePath (Join-Path $work 'store/store.db') -Script @"
$($offline.Prelude)
[Environment]::CurrentDirectory = '$work/out'
Copy-Item '$work/out/fv-1.xml' '$work/out/PATH'
`$variable:fv = 'x'
`$given = 'Env:/PATH', 'Variable:/fv', 'nodrive:/fv-1.xml', 'Env:/P*', '$work/out/fv-2.xml'
`$protected = Protect-KsefInvoice `$given -Certificate Offline2026 -ErrorVariable refused -ErrorAction SilentlyContinue
`$piped = Get-Item Env:/PATH | Protect-KsefInvoice -Certificate Offline2026 -ErrorVariable pipedRefused -ErrorAction SilentlyContinue
'PROTECTED=' + ((@(`$protected) + @(`$piped) | ForEach-Object { Split-Path `$_.Path -Leaf }) -join ',')
'REFUSED=' + ((@(`$refused) + @(`$pipedRefused) | ForEach-Object { `$_.FullyQualifiedErrorId.Split(',')[0] + '@' + `$_.TargetObject }) -join ';')
try { Protect-KsefInvoice '$work/out/fv-3.xml' -Certificate Offline2026 -OutputDirectory 'Variable:/qr' } catch { 'OUTPUT=' + `$_.FullyQualifiedErrorId.Split(',')[0] }
try { Get-KsefCertificate -StorePath 'Env:/store.db' } catch { 'STORE=' + `$_.FullyQualifiedErrorId.Split(',')[0] + ' ' + `$_.Exception.Message }
'QUEUED=' + ((Get-KsefOfflineInvoice | ForEach-Object { Split-Path `$_.Path -Leaf }) -join ',')
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'PROTECTED=fv-2.xml\r?\n'
        $run.Output | Should -Match 'REFUSED=PathNotFileSystem@Env:/PATH;PathNotFileSystem@Variable:/fv;PathNotFileSystem@nodrive:/fv-1.xml;PathNotFileSystem@Env:/P\*;PathNotFileSystem@Microsoft.PowerShell.Core\\Environment::PATH\r?\n'
        $run.Output | Should -Match 'OUTPUT=PathNotFileSystem'
        $run.Output | Should -Match "STORE=PathNotFileSystem 'Env:/store.db' is not a file or folder path: it names an item of PowerShell's Environment provider"
        $run.Output | Should -Match 'QUEUED=fv-2.xml\r?\n'
        Test-Path (Join-Path $work 'out/qr') | Should -BeFalse
        Remove-Item -Recurse -Force $work
    }

    It 'takes piped file and folder objects as they are, by the path they were made with, beside objects with a PSPath; a file named twice is done once' {
        $offline = New-OfflineWork 6
        $work = $offline.Work
        # The process's folder is not PowerShell's location: a file object made from a relative name is read from the
        # location, as the same name given as a string would be, not from the folder .NET resolved it against.
        $run = Invoke-InFreshPwsh -StorePath (Join-Path $work 'store/store.db') -Script @"
$($offline.Prelude)
New-Item -ItemType Directory '$work/out/more' | Out-Null
Move-Item '$work/out/fv-5.xml', '$work/out/fv-6.xml' '$work/out/more'
Move-Item '$work/out/fv-4.xml' '$work/out/fv-[4].xml'
[Environment]::CurrentDirectory = '$work'
Set-Location '$work/out'
function Join-Ordinal([string[]] `$names) { [Array]::Sort(`$names, [StringComparer]::Ordinal); `$names -join ',' }
`$files = Get-ChildItem '$work/out' -File -Filter 'fv-*.xml' | Where-Object Name -ne 'fv-1.xml'
`$protected = @(`$files) + @((Get-Item '$work/out/more'), [IO.FileInfo]'fv-1.xml', [pscustomobject]@{ PSPath = '$work/out/fv-2.xml' }) |
    Protect-KsefInvoice -Certificate Offline2026 -ErrorVariable failed
'PROTECTED=' + (Join-Ordinal (`$protected | ForEach-Object { `$_.Path.Substring('$work'.Length) }))
'FAILED=' + @(`$failed).Count
'QUEUED=' + (Join-Ordinal (Get-KsefOfflineInvoice | ForEach-Object { Split-Path `$_.Path -Leaf }))
`$again = Protect-KsefInvoice -InputObject (Get-Item '$work/out/fv-3.xml', '$work/out/more') -Certificate Offline2026
'AGAIN=' + (Join-Ordinal (`$again | ForEach-Object { Split-Path `$_.Path -Leaf }))
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'PROTECTED=/out/fv-1.xml,/out/fv-2.xml,/out/fv-3.xml,/out/fv-\[4\].xml,/out/more/fv-5.xml,/out/more/fv-6.xml\r?\n' -Because $run.Output
        $run.Output | Should -Match 'FAILED=0'
        $run.Output | Should -Match 'QUEUED=fv-1.xml,fv-2.xml,fv-3.xml,fv-5.xml,fv-6.xml,fv-\[4\].xml\r?\n'
        $run.Output | Should -Match 'AGAIN=fv-3.xml,fv-5.xml,fv-6.xml\r?\n'
        Remove-Item -Recurse -Force $work
    }

    It 'writes QR images beside their names and renames them into place: a link planted under an image''s name is replaced, not written through' {
        $offline = New-OfflineWork 1
        $work = $offline.Work
        New-Item -ItemType Directory "$work/qr" | Out-Null
        Set-Content "$work/victim.txt" 'keep me'
        New-Item -ItemType SymbolicLink -Path "$work/qr/fv-1.kod1.png" -Target "$work/victim.txt" | Out-Null
        $run = Invoke-InFreshPwsh -StorePath (Join-Path $work 'store/store.db') -Script @"
$($offline.Prelude)
Protect-KsefInvoice '$work/out' -Certificate Offline2026 -OutputDirectory '$work/qr' | Out-Null
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        Get-Content "$work/victim.txt" | Should -Be 'keep me'
        (Get-Item "$work/qr/fv-1.kod1.png").LinkType | Should -BeNullOrEmpty
        & zbarimg --quiet --raw "$work/qr/fv-1.kod1.png" 2>$null | Should -Match '^https://qr-test\.ksef\.mf\.gov\.pl/invoice/'
        @(Get-ChildItem "$work/qr" -Force | ForEach-Object Name) | Should -Be @('fv-1.kod1.png', 'fv-1.kod2.png')
        Remove-Item -Recurse -Force $work
    }
}
