BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Spec = Join-Path $PSScriptRoot '../../spec'
    # Production's rate limits (the emulator's default): every run here must stay clear of a 429.
    $script:Emulator = Start-KsefEmulator -ModulePath $script:ModulePath -Setting '--Emulator:AuthProcessingDelay=00:00:00.010', '--Emulator:InvoiceProcessingDelay=00:00:00.020'
    $script:Template = Join-Path $script:Spec 'samples/invoice-template-fa-3.xml'
    $script:Samples = Join-Path $script:Spec 'samples'

    # Starts a send in its own pwsh that the test kills midway; the script's output goes to a file.
    function Start-Victim([string] $StorePath, [string] $Body) {
        $file = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-victim-' + [guid]::NewGuid().ToString('N') + '.ps1')
        Set-Content $file "`$ErrorActionPreference = 'Stop'; `$env:KSEFPS_STORE = '$StorePath'; Import-Module '$script:ModulePath'`n$Body"
        $start = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($a in '-NoProfile', '-NonInteractive', '-File', $file) { $start.ArgumentList.Add($a) }
        $start.RedirectStandardOutput = $true
        [System.Diagnostics.Process]::Start($start)
    }
    # Waits (without sleeping blindly) until the emulator has received what $Condition looks for, then kills the run.
    function Stop-VictimWhen([System.Diagnostics.Process] $Victim, [scriptblock] $Condition) {
        $deadline = [DateTime]::UtcNow.AddSeconds(90)
        while ([DateTime]::UtcNow -lt $deadline -and -not $Victim.HasExited -and -not (& $Condition (Invoke-Emulator GET '/emulator/requests'))) {
            $null = $Victim.WaitForExit(50)
        }
        $Victim.HasExited | Should -BeFalse -Because 'the run must be killed while it is still going'
        $Victim.Kill($true)
        $Victim.WaitForExit()
    }
    function Get-Count($Requests, [string] $Pattern) {
        ($Requests.PSObject.Properties | Where-Object Name -match $Pattern | Measure-Object Value -Sum).Sum
    }
}
AfterAll {
    Stop-KsefEmulator $script:Emulator
}

Describe 'Send-KsefInvoice in batch sessions' {
    It 'sends the official samples in batch (<Compression>, <Given>), one session per form code, and each file gets its KSeF number and a UPO' -ForEach @(
        @{ Compression = 'TarGz'; Given = 'the folder itself'; Command = 'Send-KsefInvoice $folder' }
        @{ Compression = 'Zip'; Given = 'files from Get-ChildItem'; Command = 'Get-ChildItem $folder -Filter *.xml | Send-KsefInvoice' }
    ) {
        $run = Invoke-Seller (New-TestStorePath) 4 'S' @"
`$fa2 = [IO.File]::ReadAllText('$(Join-Path $script:Samples 'invoice-template-fa-2.xml')')
[IO.File]::WriteAllText((Join-Path `$folder 'fa2.xml'), `$fa2.Replace('#nip#', `$nip).Replace('#invoice_number#', 'S-FA2').Replace('<P_1>2025-06-16</P_1>', "<P_1>`$today</P_1>"))
`$attached = [IO.File]::ReadAllText('$(Join-Path $script:Samples 'invoice-template-fa-3-with-attachment.xml')')
[IO.File]::WriteAllText((Join-Path `$folder 'attachment.xml'), `$attached.Replace('#nip#', `$nip).Replace('#invoice_number#', 'S-ATT').Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>"))
Set-KsefTestContext `$nip -AttachmentsAllowed `$true
`$sent = $Command -Mode Batch -Compression $Compression -Wait
`$sent | ForEach-Object { 'SENT=' + (Split-Path `$_.Path -Leaf) + '|' + `$_.Status + '|' + `$_.SessionType + '|' + `$_.KsefNumber + '|' + `$_.SessionReferenceNumber }
`$upo = `$sent | Get-KsefUpo -OutputDirectory (Join-Path `$folder 'upo')
'UPODOCS=' + ((`$upo | ForEach-Object { ([xml](Get-Content -Raw `$_.FullName)).Potwierdzenie.Dokument.Count } | Measure-Object -Sum).Sum)
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $sent = [regex]::Matches($run.Output, 'SENT=([^|]+)\|Accepted\|Batch\|(\d{10}-\d{8}-[0-9A-F]{12}-[0-9A-F]{2})\|(\S+)')
        $sent.Count | Should -Be 6 -Because $run.Output
        ($sent | ForEach-Object { $_.Groups[1].Value } | Sort-Object) -join ',' | Should -Be 'attachment.xml,fa2.xml,fv-1.xml,fv-2.xml,fv-3.xml,fv-4.xml'
        ($sent | ForEach-Object { $_.Groups[2].Value } | Sort-Object -Unique).Count | Should -Be 6
        ($sent | ForEach-Object { $_.Groups[3].Value } | Sort-Object -Unique).Count | Should -Be 2   # FA (2) and FA (3)
        $run.Output | Should -Match 'UPODOCS=6'
    }

    It 'splits a package into several parts, uploads each once without the token, and 10,001 invoices make two sessions with every invoice once' {
        $store = New-TestStorePath
        $run = Invoke-Seller $store 0 'P' @"
`$xml = `$template.Replace('#nip#', `$nip).Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>")
foreach (`$i in 1..40) { [IO.File]::WriteAllText((Join-Path `$folder "p-`$i.xml"), `$xml.Replace('#invoice_number#', "P`$i")) }
`$parts = Get-ChildItem `$folder -Filter *.xml | Send-KsefInvoice -PartSize 2048 -ThrottleLimit 3 -Wait
'PARTSOK=' + @(`$parts | Where-Object Status -eq Accepted).Count + '|' + (`$parts.SessionReferenceNumber | Sort-Object -Unique)
`$big = Join-Path `$folder 'big'
New-Item -ItemType Directory `$big | Out-Null
foreach (`$i in 1..10001) { [IO.File]::WriteAllText((Join-Path `$big "b-`$i.xml"), `$xml.Replace('#invoice_number#', "B`$i")) }
`$sent = Get-ChildItem `$big -Filter *.xml | Send-KsefInvoice -Wait
'ACCEPTED=' + @(`$sent | Where-Object Status -eq Accepted).Count
'NUMBERS=' + @(`$sent.KsefNumber | Sort-Object -Unique).Count
'SESSIONS=' + @(`$sent.SessionReferenceNumber | Sort-Object -Unique).Count
'INKSEF=' + ((Get-KsefInvoiceSession -Type Batch | Measure-Object SuccessfulInvoiceCount -Sum).Sum)
'DUPLICATES=' + @(Get-KsefInvoiceSession -Type Batch | Get-KsefSessionInvoice | Where-Object Code -eq 440).Count
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $parts = [regex]::Match($run.Output, 'PARTSOK=40\|(\S+)')
        $parts.Success | Should -BeTrue -Because $run.Output
        $requests = Invoke-Emulator GET '/emulator/requests'
        $uploads = $requests.PSObject.Properties | Where-Object Name -like "PUT /storage/batch/$($parts.Groups[1].Value)/parts/*"
        @($uploads).Count | Should -BeGreaterThan 1
        $uploads | ForEach-Object { $_.Value | Should -Be 1 }
        $run.Output | Should -Match 'ACCEPTED=10001'
        $run.Output | Should -Match 'NUMBERS=10001'
        $run.Output | Should -Match 'SESSIONS=2'
        $run.Output | Should -Match 'INKSEF=10041'
        $run.Output | Should -Match 'DUPLICATES=0'
        (Invoke-Emulator GET '/emulator/rate-limits').PSObject.Properties | ForEach-Object { $_.Value.refused | Should -Be 0 -Because "$($_.Name) must not see a 429" }
    }

    It 'reports a bad invoice inside a batch against its file with KSeF''s code, and accepts the rest' {
        $run = Invoke-Seller (New-TestStorePath) 7 'R' @"
`$foreign = Join-Path `$folder 'foreign.xml'
[IO.File]::WriteAllText(`$foreign, `$template.Replace('#nip#', '5265877635').Replace('#invoice_number#', 'R-X').Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>"))
`$sent = Get-ChildItem `$folder -Filter *.xml | Send-KsefInvoice -Wait -ErrorAction SilentlyContinue -ErrorVariable failures
`$sent | ForEach-Object { 'RESULT=' + (Split-Path `$_.Path -Leaf) + '|' + `$_.Status + '|' + `$_.StatusCode + '|' + `$_.SessionType }
`$failures | ForEach-Object { 'ERROR=' + `$_.FullyQualifiedErrorId.Split(',')[0] + '|' + `$_.TargetObject + '|' + `$_.Exception.Message }
# Collected later and exported for whoever fixes it: KSeF's details as text, not a list's type name.
'FAILEDCSV=' + ((Get-KsefInvoiceSession -Type Batch | Get-KsefSessionInvoice -Failed | Select-Object FileName, Code, Details | ConvertTo-Csv) -join '|')
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        ([regex]::Matches($run.Output, 'RESULT=fv-\d\.xml\|Accepted\|200\|Batch')).Count | Should -Be 7
        $run.Output | Should -Match 'RESULT=foreign.xml\|Rejected\|410\|Batch'
        $run.Output | Should -Match 'ERROR=InvoiceRejected\|\S*foreign.xml\|.*410'
        $run.Output | Should -Match 'FAILEDCSV="FileName","Code","Details"\|"foreign.xml","410","[^"]*\w[^"]*"'
        $run.Output | Should -Not -Match 'System\.Collections'
    }

    It 'sends nothing with -WhatIf' {
        $run = Invoke-Seller (New-TestStorePath) 8 'W' @"
`$whatIf = Get-ChildItem `$folder -Filter *.xml | Send-KsefInvoice -WhatIf -Wait
'OUTPUT=' + @(`$whatIf).Count
'SESSIONS=' + @(Get-KsefInvoiceSession).Count
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'OUTPUT=0'
        $run.Output | Should -Match 'SESSIONS=0'
    }

    It 'drains the offline queue through a batch session with offlineMode' {
        $run = Invoke-Seller (New-TestStorePath) 8 'Q' @"
New-KsefTestCertificate -OrganizationName 'Firma Testowa' -Nip `$nip -Name Offline -Usage Offline | Out-Null
Get-ChildItem `$folder -Filter *.xml | Protect-KsefInvoice -Certificate Offline | Out-Null
`$sent = Get-KsefOfflineInvoice | Send-KsefInvoice
`$sent | ForEach-Object { 'SENT=' + `$_.Status + '|' + `$_.SessionType + '|' + `$_.OfflineMode + '|' + `$_.InvoicingMode }
'LEFT=' + @(Get-KsefOfflineInvoice).Count
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        ([regex]::Matches($run.Output, 'SENT=Accepted\|Batch\|True\|Offline')).Count | Should -Be 8
        $run.Output | Should -Match 'LEFT=0'
    }

    It 'refuses an invoice with attachments online before sending it, and sends it in batch once the context has the consent' {
        $run = Invoke-Seller (New-TestStorePath) 0 'T' @"
`$attached = Join-Path `$folder 'attachment.xml'
[IO.File]::WriteAllText(`$attached, [IO.File]::ReadAllText('$(Join-Path $script:Samples 'invoice-template-fa-3-with-attachment.xml')').Replace('#nip#', `$nip).Replace('#invoice_number#', 'T-ATT').Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>"))
Send-KsefInvoice `$attached -Mode Online -Wait -ErrorAction SilentlyContinue -ErrorVariable refused | Out-Null
'REFUSED=' + `$refused[0].FullyQualifiedErrorId.Split(',')[0] + '|' + `$refused[0].TargetObject
'SESSIONS=' + @(Get-KsefInvoiceSession).Count
'CONSENT=' + (Get-KsefPermission -Attachments).IsAttachmentAllowed
`$unconsented = Send-KsefInvoice `$attached -Wait -ErrorAction SilentlyContinue -ErrorVariable rejected
'UNCONSENTED=' + `$unconsented.Status + '|' + `$rejected[0].FullyQualifiedErrorId.Split(',')[0] + '|' + `$rejected[0].Exception.Message
Set-KsefTestContext `$nip -AttachmentsAllowed `$true
`$sent = Send-KsefInvoice `$attached -Wait
'SENT=' + `$sent.Status + '|' + `$sent.SessionType
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'REFUSED=AttachmentRequiresBatch\|\S*attachment.xml'
        $run.Output | Should -Match 'SESSIONS=0'
        $run.Output | Should -Match 'CONSENT=False'
        $run.Output | Should -Match 'UNCONSENTED=Rejected\|InvoiceRejected\|.*415'
        $run.Output | Should -Match 'SENT=Accepted\|Batch'
    }

    It 'accepts a technical correction of a rejected offline invoice once, and refuses a second one' {
        $run = Invoke-Seller (New-TestStorePath) 0 'K' @"
`$bad = Join-Path `$folder 'bad.xml'
[IO.File]::WriteAllText(`$bad, `$template.Replace('#nip#', `$nip).Replace('#invoice_number#', 'K1').Replace('<P_1>2025-09-01</P_1>', "<P_1>`$tomorrow</P_1>"))
`$fixed = Join-Path `$folder 'fixed.xml'
[IO.File]::WriteAllText(`$fixed, `$template.Replace('#nip#', `$nip).Replace('#invoice_number#', 'K1').Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>"))
`$again = Join-Path `$folder 'again.xml'
[IO.File]::WriteAllText(`$again, `$template.Replace('#nip#', `$nip).Replace('#invoice_number#', 'K2').Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>"))
`$rejected = Send-KsefInvoice `$bad -Offline -Wait -ErrorAction SilentlyContinue
'REJECTED=' + `$rejected.Status + '|' + `$rejected.StatusCode
`$corrected = Send-KsefInvoice `$fixed -CorrectedInvoiceHash `$rejected.Hash -Wait
'CORRECTED=' + `$corrected.Status + '|' + `$corrected.OfflineMode + '|' + `$corrected.SessionType + '|' + `$corrected.CorrectedInvoiceHash
Send-KsefInvoice `$again -CorrectedInvoiceHash `$rejected.Hash -Wait -ErrorAction SilentlyContinue -ErrorVariable second | Out-Null
'SECOND=' + `$second[0].FullyQualifiedErrorId.Split(',')[0] + '|' + `$second[0].TargetObject
# The same through the offline queue: the rejected entry is corrected and gets the correction's KSeF number.
New-KsefTestCertificate -OrganizationName 'Firma Testowa' -Nip `$nip -Name Offline -Usage Offline | Out-Null
`$queued = Join-Path `$folder 'queued.xml'
[IO.File]::WriteAllText(`$queued, `$template.Replace('#nip#', `$nip).Replace('#invoice_number#', 'K3').Replace('<P_1>2025-09-01</P_1>', "<P_1>`$tomorrow</P_1>"))
Protect-KsefInvoice `$queued -Certificate Offline | Out-Null
Get-KsefOfflineInvoice | Send-KsefInvoice -ErrorAction SilentlyContinue | Out-Null
`$entry = Get-KsefOfflineInvoice | Where-Object Path -eq `$queued
'STILLQUEUED=' + @(`$entry).Count
`$queuedFix = Join-Path `$folder 'queued-fixed.xml'
[IO.File]::WriteAllText(`$queuedFix, `$template.Replace('#nip#', `$nip).Replace('#invoice_number#', 'K3').Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>"))
`$viaQueue = Send-KsefInvoice `$queuedFix -CorrectionOf `$entry
'VIAQUEUE=' + `$viaQueue.Status + '|' + (`$viaQueue.CorrectedInvoiceHash -eq `$entry.Hash)
'MARKED=' + ((Get-KsefOfflineInvoice -All | Where-Object Path -eq `$queued).KsefNumber -eq `$viaQueue.KsefNumber)
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'REJECTED=Rejected\|450'
        $run.Output | Should -Match 'CORRECTED=Accepted\|True\|Online\|\S{44}'
        $run.Output | Should -Match 'SECOND=TechnicalCorrectionUnavailable\|\S*again.xml'
        $run.Output | Should -Match 'STILLQUEUED=1'
        $run.Output | Should -Match 'VIAQUEUE=Accepted\|True'
        $run.Output | Should -Match 'MARKED=True'
    }

    It 'sends now and collects the KSeF numbers later with Get-KsefInvoiceSession | Get-KsefSessionInvoice' {
        $run = Invoke-Seller (New-TestStorePath) 9 'L' @"
`$sent = Get-ChildItem `$folder -Filter *.xml | Send-KsefInvoice
'SENT=' + (@(`$sent | Where-Object { `$_.Status -eq 'Sent' -and `$_.SessionType -eq 'Batch' -and -not `$_.KsefNumber }).Count)
`$sent | Get-KsefUpo -OutputDirectory (Join-Path `$folder 'upo') | Out-Null   # waits for KSeF to finish the session
`$later = Get-KsefInvoiceSession -Type Batch -Status Succeeded -CreatedFrom (Get-Date).AddHours(-1) | Get-KsefSessionInvoice
'LATER=' + @(`$later | Where-Object { `$_.Code -eq 200 -and `$_.KsefNumber }).Count
'FILES=' + ((`$later.FileName | Sort-Object) -join ',')
'PATHS=' + @(`$later | Where-Object { `$_.Path -eq (Join-Path `$folder `$_.FileName) }).Count   # the send journal names each file
'FAILED=' + @(Get-KsefInvoiceSession -Type Batch | Get-KsefSessionInvoice -Failed).Count
# The default table fits a 120-column console: one line of headings, each session on a line of its own.
`$sessions = @(Get-KsefInvoiceSession)
`$table = (`$sessions | Out-String -Width 120).Trim() -split '\r?\n'
'HEADINGS=' + (`$table[0] -replace '\s+', ' ')
'ROWS=' + @(`$table | Where-Object { `$_ -match '^\d{8}-S[BO]-\S+\s+(?:Batch|Online)\s+\S+ \S+\s+200\s+[1-9]\d*\s+0\s*$' }).Count + '|' + `$sessions.Count
# A reference that is none is said plainly, by the catalogue's ErrorId; the good one beside it is still read.
`$mixed = [pscustomobject]@{ SessionReferenceNumber = 'no-such-reference' }, `$sent[0] | Get-KsefSessionInvoice -ErrorVariable bad -ErrorAction SilentlyContinue
'MIXED=' + @(`$mixed).Count + '|' + `$bad[0].FullyQualifiedErrorId.Split(',')[0]
$script:ErrorIdHelper
'FILTER=' + (Id { Get-KsefInvoiceSession -ReferenceNumber 'no-such-reference' })
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'SENT=9'
        $run.Output | Should -Match 'LATER=9'
        $run.Output | Should -Match 'FILES=fv-1.xml,fv-2.xml,fv-3.xml,fv-4.xml,fv-5.xml,fv-6.xml,fv-7.xml,fv-8.xml,fv-9.xml'
        $run.Output | Should -Match 'PATHS=9'
        $run.Output | Should -Match 'FAILED=0'
        $run.Output | Should -Match 'HEADINGS=SessionReferenceNumber Type DateCreated StatusCode InvoiceCount FailedInvoiceCount\r?\n'
        $run.Output | Should -Match 'ROWS=(\d+)\|\1\r?\n'
        $run.Output | Should -Not -Match 'ROWS=0'
        $run.Output | Should -Match 'MIXED=9\|ReferenceNumberInvalid'
        $run.Output | Should -Match 'FILTER=ReferenceNumberInvalid'
    }
}

Describe 'Send-KsefInvoice -Resume' {
    BeforeAll {
        # Each test: a seller with a certificate in its own store, 12 invoices in a folder the test knows.
        function New-SellerScript([string] $Folder, [string] $Prefix) {
            @"
if (-not (Get-KsefCertificate | Where-Object Name -eq Seal)) {
    `$nip = New-KsefTestIdentifier
    New-KsefTestCertificate -OrganizationName 'Firma Testowa' -Nip `$nip -Name Seal | Out-Null
    `$template = [IO.File]::ReadAllText('$script:Template')
    `$today = '$(Get-PolishDate)'
    foreach (`$i in 1..12) { [IO.File]::WriteAllText((Join-Path '$Folder' "r-`$i.xml"), `$template.Replace('#nip#', `$nip).Replace('#invoice_number#', "$Prefix`$i").Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>")) }
}
`$nip = (Get-KsefCertificate Seal).Identifier
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate Seal | Out-Null

"@
        }
        # A seller's run of 12 invoices killed once the emulator has seen what $Until looks for; $Fault holds it there.
        function Invoke-KilledRun([string] $Prefix, [hashtable] $Fault, [string] $Send, [scriptblock] $Until) {
            $run = [pscustomobject]@{
                Store = New-TestStorePath
                Folder = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-resume-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
                Before = $null
            }
            New-Item -ItemType Directory $run.Folder | Out-Null
            $null = Invoke-Emulator DELETE '/emulator/faults'
            $null = Invoke-Emulator POST '/emulator/faults' $Fault
            $run.Before = Invoke-Emulator GET '/emulator/requests'
            $victim = Start-Victim $run.Store ((New-SellerScript $run.Folder $Prefix) + "Get-ChildItem '$($run.Folder)' -Filter *.xml | $Send")
            try {
                $before = $run.Before
                Stop-VictimWhen $victim { param($r) & $Until $r $before }
            }
            finally {
                $null = Invoke-Emulator DELETE '/emulator/faults'
            }
            $run
        }
        $script:KillDuringUpload = @{ PathPrefix = '/storage/batch/'; Method = 'PUT'; Kind = 'Delay'; DelayMs = 120000; After = 1; Times = 1 }
        $script:SecondUploadArrived = { param($r, $before) (Get-Count $r '^PUT /storage/batch/') - (Get-Count $before '^PUT /storage/batch/') -ge 2 }
    }

    It 'finishes a run killed between part uploads in the same session: every invoice once' {
        $killed = Invoke-KilledRun 'U' $script:KillDuringUpload 'Send-KsefInvoice -PartSize 1024 -ThrottleLimit 1 -Wait' $script:SecondUploadArrived
        $store, $folder, $before = $killed.Store, $killed.Folder, $killed.Before
        $resume = Invoke-InFreshPwsh -StorePath $store -Script ((New-SellerScript $folder 'U') + @"
`$done = Send-KsefInvoice -Resume -Verbose 4>&1 | ForEach-Object { if (`$_ -is [System.Management.Automation.VerboseRecord]) { 'VERBOSE=' + `$_.Message } else { `$_ } }
`$results = `$done | Where-Object { `$_ -isnot [string] }
`$done | Where-Object { `$_ -is [string] }
'RESUMED=' + @(`$results | Where-Object Status -eq Accepted).Count + '|' + (`$results.SessionReferenceNumber | Sort-Object -Unique)
'AGAIN=' + @(Send-KsefInvoice -Resume).Count
"@)
        $resume.ExitCode | Should -Be 0 -Because $resume.Output
        $resumed = [regex]::Match($resume.Output, 'RESUMED=12\|(\S+)')
        $resumed.Success | Should -BeTrue -Because $resume.Output
        $resume.Output | Should -Match 'AGAIN=0'
        $requests = Invoke-Emulator GET '/emulator/requests'
        (Get-Count $requests '^POST /v2/sessions/batch$') - (Get-Count $before '^POST /v2/sessions/batch$') | Should -Be 1   # the same session was finished
        $requests."POST /v2/sessions/batch/$($resumed.Groups[1].Value)/close" | Should -Be 1
    }

    It 'sends anew, in a new session, what a killed run''s session can no longer deliver (its parts are gone): every invoice once' {
        $killed = Invoke-KilledRun 'G' $script:KillDuringUpload 'Send-KsefInvoice -PartSize 1024 -ThrottleLimit 1 -Wait' $script:SecondUploadArrived
        $store, $folder, $before = $killed.Store, $killed.Folder, $killed.Before
        $outbox = Join-Path (Split-Path $store) 'outbox'
        @(Get-ChildItem $outbox -Recurse -Filter *.aes).Count | Should -BeGreaterThan 1 -Because 'the killed run left its encrypted parts for -Resume'
        (Get-Item $outbox).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite, UserExecute')   # 0700
        Remove-Item -Recurse -Force $outbox
        $resume = Invoke-InFreshPwsh -StorePath $store -Script ((New-SellerScript $folder 'G') + @"
`$results = Send-KsefInvoice -Resume
'RESUMED=' + @(`$results | Where-Object Status -eq Accepted).Count + '|' + (`$results.SessionReferenceNumber | Sort-Object -Unique)
"@)
        $resume.ExitCode | Should -Be 0 -Because $resume.Output
        $resumed = [regex]::Match($resume.Output, 'RESUMED=12\|(\S+)')
        $resumed.Success | Should -BeTrue -Because $resume.Output
        $requests = Invoke-Emulator GET '/emulator/requests'
        (Get-Count $requests '^POST /v2/sessions/batch$') - (Get-Count $before '^POST /v2/sessions/batch$') | Should -Be 2
        # only the new session was closed: the abandoned one expires with nothing processed
        (Get-Count $requests '^POST /v2/sessions/batch/.*/close$') - (Get-Count $before '^POST /v2/sessions/batch/.*/close$') | Should -Be 1
        $requests."POST /v2/sessions/batch/$($resumed.Groups[1].Value)/close" | Should -Be 1
    }

    It 'finishes a run killed after close: results collected, nothing sent twice, and a re-run of the same files sends nothing' {
        $killed = Invoke-KilledRun 'V' @{ PathPrefix = '/v2/sessions/2'; Method = 'GET'; Kind = 'Delay'; DelayMs = 120000; Times = 1 } 'Send-KsefInvoice -Wait' {
            param($r, $before)
            (Get-Count $r '^POST /v2/sessions/batch/.*/close$') - (Get-Count $before '^POST /v2/sessions/batch/.*/close$') -ge 1 -and
                (Get-Count $r '^GET /v2/sessions/2') - (Get-Count $before '^GET /v2/sessions/2') -ge 1
        }
        $store, $folder, $before = $killed.Store, $killed.Folder, $killed.Before
        $resume = Invoke-InFreshPwsh -StorePath $store -Script ((New-SellerScript $folder 'V') + @"
`$results = Send-KsefInvoice -Resume
'RESUMED=' + @(`$results | Where-Object Status -eq Accepted).Count + '|' + (`$results.SessionReferenceNumber | Sort-Object -Unique)
'KOD1=' + @(`$results | Where-Object { `$_.InvoiceLink -like ('https://qr-test.ksef.mf.gov.pl/invoice/' + `$_.SellerNip + '/*') }).Count
`$rerun = Get-ChildItem '$folder' -Filter *.xml | Send-KsefInvoice -Wait -Verbose 4>&1 | Where-Object { `$_ -isnot [System.Management.Automation.VerboseRecord] }
'RERUN=' + @(`$rerun | Where-Object { `$_.Status -eq 'Accepted' -and `$_.StatusDescription -match 'not sent again' }).Count
'RECORDED=' + @(`$rerun | Where-Object { `$_.InvoicingMode -eq 'Online' -and `$_.AcquisitionDate -and `$_.InvoiceLink }).Count
"@)
        $resume.ExitCode | Should -Be 0 -Because $resume.Output
        $resumed = [regex]::Match($resume.Output, 'RESUMED=12\|(\S+)')
        $resumed.Success | Should -BeTrue -Because $resume.Output
        $resume.Output | Should -Match 'RERUN=12'
        $resume.Output | Should -Match 'RECORDED=12'   # what KSeF said of them (mode, acquisition) comes back from the journal too
        $resume.Output | Should -Match 'KOD1=12'   # the journal keeps each invoice's issue date, so a resumed result has its KOD I link too
        $requests = Invoke-Emulator GET '/emulator/requests'
        (Get-Count $requests '^POST /v2/sessions/batch$') - (Get-Count $before '^POST /v2/sessions/batch$') | Should -Be 1
        (Get-Count $requests '^POST /v2/sessions/online') - (Get-Count $before '^POST /v2/sessions/online') | Should -Be 0
        $requests."POST /v2/sessions/batch/$($resumed.Groups[1].Value)/close" | Should -Be 1
    }
}

Describe 'Send-KsefInvoice online, when KSeF misbehaves' {
    It 'reads the results from the session list after a failed close, and replaces a session KSeF lost' {
        $run = Invoke-Seller (New-TestStorePath) 10 'F' @"
Invoke-RestMethod -Method Post -Uri '$($script:Emulator.Url)/emulator/faults' -ContentType application/json -Body '{"pathPrefix":"/v2/sessions/online/","method":"POST","kind":"Refuse","exceptionCode":21173,"after":5,"times":1}' | Out-Null
Invoke-RestMethod -Method Post -Uri '$($script:Emulator.Url)/emulator/faults' -ContentType application/json -Body '{"pathPrefix":"/v2/sessions/online/","pathSuffix":"/close","method":"POST","kind":"ServerError","status":503,"times":20}' | Out-Null
`$sent = Get-ChildItem `$folder -Filter *.xml | Send-KsefInvoice -Mode Online -Wait
Invoke-RestMethod -Method Delete -Uri '$($script:Emulator.Url)/emulator/faults' | Out-Null
'ACCEPTED=' + @(`$sent | Where-Object Status -eq Accepted).Count
'SESSIONS=' + @(`$sent.SessionReferenceNumber | Sort-Object -Unique).Count
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'ACCEPTED=10'
        $run.Output | Should -Match 'SESSIONS=2'
    }

    It 'names the file, not the URL, in a per-invoice error' {
        $run = Invoke-Seller (New-TestStorePath) 2 'E' @"
Invoke-RestMethod -Method Post -Uri '$($script:Emulator.Url)/emulator/faults' -ContentType application/json -Body '{"pathPrefix":"/v2/sessions/online/","pathSuffix":"/invoices","method":"POST","kind":"Refuse","exceptionCode":21402,"times":1}' | Out-Null
`$sent = Get-ChildItem `$folder -Filter *.xml | Send-KsefInvoice -Mode Online -Wait -ErrorAction SilentlyContinue -ErrorVariable failures
'ACCEPTED=' + @(`$sent | Where-Object Status -eq Accepted).Count
`$failures | ForEach-Object { 'ERROR=' + `$_.TargetObject }
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'ACCEPTED=1'
        $run.Output | Should -Match 'ERROR=\S*fv-1.xml'
    }
}
