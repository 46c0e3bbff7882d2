BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Template = Join-Path $PSScriptRoot '../../spec/samples/invoice-template-fa-3.xml'
    # An emulator of its own: its limits are lowered for everything it serves.
    $script:Emulator = Start-KsefEmulator -ModulePath $script:ModulePath -Setting '--Emulator:AuthProcessingDelay=00:00:00.010', '--Emulator:InvoiceProcessingDelay=00:00:00.010'

    # Runs each script in its own pwsh at the same time (each its own seller, so its own context) and returns their outputs.
    function Invoke-Together([string[]] $Scripts) {
        $tools = Join-Path $PSScriptRoot '../../tools/ChildPwsh.ps1'
        $jobs = foreach ($body in $Scripts) {
            $file = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-paced-' + [guid]::NewGuid().ToString('N') + '.ps1')
            Set-Content $file "`$ErrorActionPreference = 'Stop'; `$env:KSEFPS_STORE = '$(New-TestStorePath)'; Import-Module '$script:ModulePath'`n$body"
            Start-ThreadJob -ArgumentList $tools, $file -ScriptBlock {
                param($tools, $file)
                . $tools
                $output = Invoke-ChildPwsh -NoProfile -NonInteractive -File $file 2>&1
                [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
                Remove-Item $file
            }
        }
        $jobs | Wait-Job | Receive-Job
        $jobs | Remove-Job
    }
}
AfterAll {
    Stop-KsefEmulator $script:Emulator
}

Describe 'Limits set in TEST, and a client that keeps to them' {
    It 'under limits lowered to 2 a second and 10 a minute, a Send of 25 online, a Get/Save of 25 and a Sync draw no 429 and take about the time the limits allow' {
        $seed = @"
Set-KsefTestLimit -PerSecond 2 -PerMinute 10 -PerHour 100
function Seed([string] `$xml) { Invoke-RestMethod -Method Post -Uri '$($script:Emulator.Url)/emulator/invoices' -ContentType 'application/json' -Body (@{ xml = `$xml; count = 25 } | ConvertTo-Json) | Out-Null }
`$watch = [Diagnostics.Stopwatch]::StartNew()

"@
        $outputs = Invoke-Together @(
                (Get-Prelude 25 'P') + "`n" + $seed + @"
`$sent = Send-KsefInvoice `$folder -Mode Online -Wait -Verbose 4> (Join-Path `$folder 'verbose.txt')
'SEND=' + @(`$sent | Where-Object Status -eq Accepted).Count + '|' + [int]`$watch.Elapsed.TotalSeconds + '|' + @(Select-String -Path (Join-Path `$folder 'verbose.txt') -Pattern 'Pacing for KSeF''s limit invoiceSend').Count
"@
                (Get-Prelude 0 'G') + "`n" + $seed + @"
Seed ([IO.File]::ReadAllText('$script:Template').Replace('#nip#', `$nip).Replace('#invoice_number#', 'G{n}'))
`$saved = Get-KsefInvoice -SubjectType Seller -From ([DateTime]::UtcNow.AddHours(-1)) | Save-KsefInvoice -OutputDirectory (Join-Path `$folder 'saved') -WarningVariable told
'SAVE=' + @(`$saved).Count + '|' + @(Get-ChildItem (Join-Path `$folder 'saved') -Filter *.xml).Count + '|' + [int]`$watch.Elapsed.TotalSeconds
'TOLD=' + @(`$told).Count + '|' + (`$told -join ' ')
"@
                (Get-Prelude 0 'S') + "`n" + $seed + @"
Seed ([IO.File]::ReadAllText('$script:Template').Replace('#nip#', '5265877635').Replace('<NIP>1111111111</NIP>', "<NIP>`$nip</NIP>").Replace('#invoice_number#', "S-`$nip-{n}"))
`$synced = Sync-KsefInvoice -OutputDirectory (Join-Path `$folder 'inbox')
'SYNC=' + `$synced.Downloaded + '|' + @(Get-ChildItem (Join-Path `$folder 'inbox') -Filter *.xml).Count
"@
        )
        foreach ($run in $outputs) { $run.ExitCode | Should -Be 0 -Because $run.Output }
        $all = ($outputs.Output -join "`n")
        $send = [regex]::Match($all, 'SEND=(\d+)\|(\d+)\|(\d+)')
        $send.Success | Should -BeTrue -Because $all
        [int]$send.Groups[1].Value | Should -Be 25
        # 25 sends at 10 a minute: the 21st cannot go before two minutes have passed, and pacing said so
        [int]$send.Groups[2].Value | Should -BeGreaterOrEqual 120
        [int]$send.Groups[2].Value | Should -BeLessThan 200
        [int]$send.Groups[3].Value | Should -BeGreaterThan 0
        $save = [regex]::Match($all, 'SAVE=(\d+)\|(\d+)\|(\d+)')
        $save.Success | Should -BeTrue -Because $all
        $save.Groups[1].Value | Should -Be 25
        $save.Groups[2].Value | Should -Be 25
        [int]$save.Groups[3].Value | Should -BeGreaterOrEqual 120
        $all | Should -Match 'TOLD=1\|More than 16 invoices, one request each: .* Sync-KsefInvoice downloads export packages'
        $all | Should -Match 'SYNC=25\|25'
        $counts = Invoke-Emulator GET '/emulator/rate-limits'
        $counts.PSObject.Properties | ForEach-Object { $_.Value.refused | Should -Be 0 -Because "$($_.Name) must not see a 429" }
        $counts.invoiceSend.admitted | Should -Be 25
        $counts.invoiceDownload.admitted | Should -BeGreaterOrEqual 25
    }

    It 'splits a run where the context''s session limits say: batch sessions of 5 invoices, online sessions of 3' {
        $run = Invoke-Seller (New-TestStorePath) 12 'B' @"
Set-KsefTestLimit -SessionType Batch -MaxInvoices 5
Set-KsefTestLimit -SessionType Online -MaxInvoices 3
'LIMITS=' + (Get-KsefLimit).BatchSession.MaxInvoices + '|' + (Get-KsefLimit).OnlineSession.MaxInvoices
`$batch = Get-ChildItem `$folder -Filter *.xml | Select-Object -First 12 | Send-KsefInvoice -Mode Batch -Wait
'BATCH=' + @(`$batch | Where-Object Status -eq Accepted).Count + '|' + @(`$batch.SessionReferenceNumber | Sort-Object -Unique).Count
`$online = foreach (`$i in 1..7) { `$file = Join-Path `$folder "o-`$i.xml"; [IO.File]::WriteAllText(`$file, `$template.Replace('#nip#', `$nip).Replace('#invoice_number#', "BO`$i").Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>")); `$file }
`$sent = `$online | Send-KsefInvoice -Mode Online -Wait
'ONLINE=' + @(`$sent | Where-Object Status -eq Accepted).Count + '|' + @(`$sent.SessionReferenceNumber | Sort-Object -Unique).Count
Set-KsefTestLimit -Reset
'RESET=' + (Get-KsefLimit).BatchSession.MaxInvoices
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'LIMITS=5\|3'
        $run.Output | Should -Match 'BATCH=12\|3'
        $run.Output | Should -Match 'ONLINE=7\|3'
        $run.Output | Should -Match 'RESET=10000'
    }
}
