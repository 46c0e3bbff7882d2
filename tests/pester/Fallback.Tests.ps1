BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Template = Join-Path $PSScriptRoot '../../spec/samples/invoice-template-fa-3.xml'
    # An emulator of its own: these tests announce failures, which take its whole API down.
    $script:Emulator = Start-KsefEmulator -ModulePath $script:ModulePath -Setting '--Emulator:AuthProcessingDelay=00:00:00.010', '--Emulator:InvoiceProcessingDelay=00:00:00.010'
    # For child scripts: Say @{...} sets what Latarnia says (and whether KSeF's API is down); $url is the status service.
    $script:Latarnia = @"
`$url = '$($script:Emulator.Url)/'
function Say(`$body) { Invoke-RestMethod -Method Post -Uri "$($script:Emulator.Url)/emulator/latarnia" -Body (`$body | ConvertTo-Json -Depth 4) -ContentType 'application/json' | Out-Null }
function Requests([string] `$pattern) { ((Invoke-RestMethod "$($script:Emulator.Url)/emulator/requests").PSObject.Properties | Where-Object Name -match `$pattern | Measure-Object Value -Sum).Sum }
New-KsefTestCertificate -OrganizationName 'Firma Testowa' -Nip `$nip -Name Off -Usage Offline | Out-Null
"@
}
AfterAll {
    Stop-KsefEmulator $script:Emulator
}

Describe 'Send-KsefInvoice -OfflineFallback' {
    AfterEach {
        $null = Invoke-Emulator POST '/emulator/latarnia' @{ status = 'AVAILABLE'; unreachable = $false; ksefDown = $false; clear = $true }
        $null = Invoke-Emulator DELETE '/emulator/faults'
    }

    It 'during an announced failure queues 50 invoices as Emergency with QR codes and sends none; the failure''s end moves the deadlines and the queue drains once' {
        $run = Invoke-Seller (New-TestStorePath) 0 'E' @"
$($script:Latarnia)
`$issued = [DateTime]::UtcNow.AddDays(-5)
foreach (`$i in 1..50) {
    [IO.File]::WriteAllText((Join-Path `$folder "fv-`$i.xml"), `$template.Replace('#nip#', `$nip).Replace('#invoice_number#', "E`$i").Replace('<P_1>2025-09-01</P_1>', "<P_1>`$(`$issued.ToString('yyyy-MM-dd'))</P_1>"))
}
Say @{ status = 'FAILURE'; message = @{ eventId = 41; category = 'FAILURE'; type = 'FAILURE_START'; title = 'Awaria KSeF'; start = `$issued.AddDays(-1).ToString('o') } }
`$queued = Send-KsefInvoice `$folder -OfflineFallback -OfflineCertificate Off -OutputDirectory (Join-Path `$folder 'qr') -WarningVariable warned -WarningAction SilentlyContinue
'QUEUED=' + @(`$queued | Where-Object { `$_.Status -eq 'QueuedOffline' -and `$_.QueuedMode -eq 'Emergency' -and `$_.InvoiceQrImage -and `$_.CertificateQrImage }).Count
'WARNED=' + @(`$warned | Where-Object { `$_ -match 'InvoiceQueuedOffline' -and `$_ -match 'failure' }).Count
'SESSIONPOSTS=' + [int](Requests '^POST /v2/sessions')
'QRFOLDER=' + (Join-Path `$folder 'qr')
`$before = (Get-KsefOfflineInvoice | Select-Object -First 1).Deadline
Say @{ status = 'AVAILABLE'; message = @{ eventId = 41; category = 'FAILURE'; type = 'FAILURE_END'; title = 'Koniec awarii'; start = `$issued.AddDays(-1).ToString('o'); end = [DateTime]::UtcNow.ToString('o') } }
`$after = Get-KsefOfflineInvoice -Refresh -StatusUrl `$url
'MOVED=' + @(`$after | Where-Object { `$_.Deadline -gt `$before -and `$_.DeadlineReason -match 'event 41' }).Count + '|' + @(`$after).Count
`$sent = Get-KsefOfflineInvoice | Send-KsefInvoice
'SENT=' + @(`$sent | Where-Object { `$_.Status -eq 'Accepted' -and `$_.OfflineMode }).Count + '|' + @(`$sent.KsefNumber | Sort-Object -Unique).Count
'LEFT=' + @(Get-KsefOfflineInvoice).Count
'DUPLICATES=' + @(Get-KsefInvoiceSession | Get-KsefSessionInvoice | Where-Object Code -eq 440).Count
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'QUEUED=50'
        $run.Output | Should -Match 'WARNED=1'
        $run.Output | Should -Match 'SESSIONPOSTS=0'
        $run.Output | Should -Match 'MOVED=50\|50'
        $run.Output | Should -Match 'SENT=50\|50'
        $run.Output | Should -Match 'LEFT=0'
        $run.Output | Should -Match 'DUPLICATES=0'
        $qr = [regex]::Match($run.Output, 'QRFOLDER=(\S+)').Groups[1].Value
        (Get-ChildItem $qr -Filter *.png).Count | Should -Be 100
        & zbarimg --quiet --raw (Join-Path $qr 'fv-7.kod1.png') 2>$null | Should -Match '^https://qr-test\.ksef\.mf\.gov\.pl/invoice/\d{10}/\d{2}-\d{2}-\d{4}/[A-Za-z0-9_-]{43}$'
        & zbarimg --quiet --raw (Join-Path $qr 'fv-7.kod2.png') 2>$null | Should -Match '^https://qr-test\.ksef\.mf\.gov\.pl/certificate/Nip/\d{10}/\d{10}/[0-9A-F]+/[A-Za-z0-9_-]{43}/[A-Za-z0-9_-]+$'
    }

    It 'with KSeF and Latarnia both unreachable and no session queues as Offline24; a total failure queues with no QR codes and no obligation' {
        $run = Invoke-Seller (New-TestStorePath) 3 'U' @"
$($script:Latarnia)
$($script:ErrorIdHelper)
Disconnect-Ksef
Say @{ ksefDown = `$true; unreachable = `$true }
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate Seal -ErrorAction SilentlyContinue -ErrorVariable failed | Out-Null
'CONNECT=' + `$failed[0].FullyQualifiedErrorId.Split(',')[0] + '|' + `$failed[0].ErrorDetails.RecommendedAction
`$queued = Get-ChildItem `$folder -Filter *.xml | Send-KsefInvoice -OfflineFallback -OfflineCertificate Off -StatusUrl `$url -WarningVariable warned -WarningAction SilentlyContinue
`$queued | ForEach-Object { 'OFFLINE24=' + `$_.Status + '|' + `$_.QueuedMode + '|' + `$_.Deadline.ToString('yyyy-MM-dd') }
'WARNED=' + @(`$warned | Where-Object { `$_ -match 'no KSeF session' -and `$_ -match 'could not be asked' }).Count
[IO.File]::WriteAllText((Join-Path `$folder 'w.xml'), `$template.Replace('#nip#', `$nip).Replace('#invoice_number#', 'U-WHATIF').Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>"))
Send-KsefInvoice (Join-Path `$folder 'w.xml') -OfflineFallback -OfflineCertificate Off -StatusUrl `$url -OutputDirectory (Join-Path `$folder 'wq') -WhatIf -WarningAction SilentlyContinue
'WHATIF=' + @(Get-KsefOfflineInvoice | Where-Object InvoiceNumber -like '*U-WHATIF*').Count + '|' + (Test-Path (Join-Path `$folder 'wq'))
Say @{ unreachable = `$false; status = 'TOTAL_FAILURE' }
[IO.File]::WriteAllText((Join-Path `$folder 'total.xml'), `$template.Replace('#nip#', `$nip).Replace('#invoice_number#', 'U-TOTAL').Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>"))
`$total = Send-KsefInvoice (Join-Path `$folder 'total.xml') -OfflineFallback -OfflineCertificate Off -StatusUrl `$url -OutputDirectory (Join-Path `$folder 'qr') -WarningAction SilentlyContinue
'TOTAL=' + `$total.Status + '|' + `$total.QueuedMode + '|' + [bool]`$total.InvoiceQrImage + '|' + (Test-Path (Join-Path `$folder 'qr'))
`$entry = Get-KsefOfflineInvoice | Where-Object InvoiceNumber -like '*U-TOTAL*'
'ENTRY=' + `$entry.MustBeSent + '|' + `$entry.Overdue + '|' + [bool]`$entry.InvoiceLink
'NOTOFFLINE=' + (Id { Send-KsefInvoice `$folder -OfflineCertificate Off })
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'CONNECT=KsefUnavailable\|KSeF is unavailable or failing: Get-KsefStatus shows what KSeF announces'
        ([regex]::Matches($run.Output, 'OFFLINE24=QueuedOffline\|Offline24\|\d{4}-\d{2}-\d{2}')).Count | Should -Be 3
        $run.Output | Should -Match 'WARNED=1'
        $run.Output | Should -Match 'WHATIF=0\|False'
        $run.Output | Should -Match 'TOTAL=QueuedOffline\|TotalFailure\|False\|False'
        $run.Output | Should -Match 'ENTRY=False\|False\|False'
        $run.Output | Should -Match 'NOTOFFLINE=ParameterConflict'
    }

    It 'asks KSeF about an invoice whose answer was lost before queuing it, and queues only what KSeF does not have' {
        $run = Invoke-Seller (New-TestStorePath) 3 'L' @"
$($script:Latarnia)
function Fault(`$rule) { Invoke-RestMethod -Method Post -Uri '$($script:Emulator.Url)/emulator/faults' -ContentType application/json -Body (`$rule | ConvertTo-Json) | Out-Null }
# the second invoice reaches KSeF but its answer is lost, and KSeF's list cannot be read until the run has given up on it
Fault @{ pathPrefix = '/v2/sessions/online/'; pathSuffix = '/invoices'; method = 'POST'; kind = 'DropAfter'; after = 1; times = 1 }
Fault @{ pathPrefix = '/v2/sessions/'; pathSuffix = '/invoices'; method = 'GET'; kind = 'ServerError'; status = 503; times = 5 }
`$results = Get-ChildItem `$folder -Filter *.xml | Sort-Object Name | Send-KsefInvoice -Mode Online -OfflineFallback -OfflineCertificate Off -WarningAction SilentlyContinue
`$results | ForEach-Object { 'RESULT=' + `$_.File + '|' + `$_.Status }
'QUEUE=' + ((Get-KsefOfflineInvoice | ForEach-Object { Split-Path `$_.Path -Leaf }) -join ',')
'INKSEF=' + @(Get-KsefInvoiceSession | Get-KsefSessionInvoice).Count
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'RESULT=fv-1.xml\|Sent'
        $run.Output | Should -Match 'RESULT=fv-2.xml\|(Sent|Accepted)'
        ([regex]::Matches($run.Output, 'RESULT=')).Count | Should -Be 3
        $run.Output | Should -Match 'RESULT=fv-3.xml\|QueuedOffline'
        $run.Output | Should -Match 'QUEUE=fv-3.xml(\r?\n|$)'
        $run.Output | Should -Match 'INKSEF=2'
    }
}
