# Shared by the Pester files: where the built module is, and how to run a script in a fresh pwsh process.
$script:ModulePath = $env:KSEFPS_TEST_MODULE
if (-not $script:ModulePath) { throw 'KSEFPS_TEST_MODULE is not set; run the suite through build.ps1 -Task Test.' }
. (Join-Path $PSScriptRoot '../../tools/ChildPwsh.ps1')
. (Join-Path $PSScriptRoot '../../tools/Emulator.ps1')
. (Join-Path $PSScriptRoot '../../tools/PolishDate.ps1')

function New-TestStorePath {
    Join-Path ([IO.Path]::GetTempPath()) ("ksefps-pester-" + [guid]::NewGuid().ToString('N').Substring(0, 10)) 'store.db'
}

# Runs $Script in a new non-interactive pwsh with the module imported from out/KsefPS and $env:KSEFPS_STORE set.
# The script's output is returned as JSON-decoded objects; everything else it wrote comes back in .Streams.
function Invoke-InFreshPwsh {
    param([Parameter(Mandatory)] [string] $Script, [string] $StorePath, [switch] $NoImport)
    $wrapper = @"
`$ErrorActionPreference = 'Stop'
`$env:KSEFPS_STORE = '$StorePath'
$(if (-not $NoImport) { "Import-Module '$script:ModulePath'" })
$Script
"@
    $file = Join-Path ([IO.Path]::GetTempPath()) ("ksefps-child-" + [guid]::NewGuid().ToString('N') + '.ps1')
    Set-Content -Path $file -Value $wrapper
    try {
        $output = Invoke-ChildPwsh -NoProfile -NonInteractive -File $file 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
    }
    finally {
        Remove-Item $file -ErrorAction SilentlyContinue
    }
}

# A fresh seller, logged in to $script:Emulator, with $Count invoices of its own from $script:Template in $folder
# (today's issue date, distinct numbers). The child script sees $nip, $folder, $template, $today and $tomorrow: days
# of Poland's calendar, which KSeF compares issue dates with.
function Get-Prelude([int] $Count = 3, [string] $Prefix = 'A') {
    @"
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -OrganizationName 'Firma Testowa' -Nip `$nip -Name Seal | Out-Null
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate Seal | Out-Null
`$folder = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-inv-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory `$folder | Out-Null
`$template = [IO.File]::ReadAllText('$script:Template')
`$today = '$(Get-PolishDate)'
`$tomorrow = '$(Get-PolishDate -AddDays 1)'
foreach (`$i in @(if ($Count -gt 0) { 1..$Count })) {
    `$xml = `$template.Replace('#nip#', `$nip).Replace('#invoice_number#', "$Prefix`$i").Replace('<P_1>2025-09-01</P_1>', "<P_1>`$today</P_1>")
    [IO.File]::WriteAllText((Join-Path `$folder "fv-`$i.xml"), `$xml)
}
"@
}

# A fresh seller with one test certificate named $Certificate, connected to $script:Emulator. The child script sees $nip.
function Get-ConnectedPrelude([string] $Certificate = 'A') {
    @"
`$nip = New-KsefTestIdentifier
New-KsefTestCertificate -OrganizationName 'Firma Testowa' -Nip `$nip -Name '$Certificate' | Out-Null
Connect-Ksef -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate '$Certificate' | Out-Null
"@
}

# For child scripts: Id { ... } runs the block and gives the ErrorId it failed with, or 'none'.
$script:ErrorIdHelper = 'function Id([scriptblock] $Do) { try { & $Do | Out-Null; ''none'' } catch { $_.FullyQualifiedErrorId.Split('','')[0] } }'

function Invoke-Seller([string] $StorePath, [int] $Count, [string] $Prefix, [string] $Body) {
    Invoke-InFreshPwsh -StorePath $StorePath -Script ((Get-Prelude $Count $Prefix) + "`n" + $Body)
}

# For child scripts: the emulator taken for production. A self-signed certificate for `$nip, moved to that environment
# (self-signed, so -Force) under the name $Name, and a session there.
function Get-ProductionSessionScript([string] $Organization, [string] $Name) {
    @"
`$pfx = Join-Path ([IO.Path]::GetTempPath()) ('ksefps-production-' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.pfx')
`$secret = ConvertTo-SecureString 'not a real secret' -AsPlainText -Force
New-KsefTestCertificate -OrganizationName '$Organization' -Nip `$nip -Name Moved | Out-Null
Export-KsefCertificate Moved `$pfx -Format Pfx -Password `$secret -Confirm:`$false | Out-Null
Remove-KsefCertificate Moved -Confirm:`$false
Add-KsefCertificate `$pfx -Password `$secret -Environment Production -Usage Authentication -Name $Name -Force -WarningAction SilentlyContinue | Out-Null
Remove-Item `$pfx
Connect-Ksef -Environment Production -ApiUrl '$($script:Emulator.Url)' -Nip `$nip -Certificate $Name | Out-Null
"@
}

# A request to the emulator's own endpoints (/emulator/faults, /emulator/requests, /emulator/rate-limits).
function Invoke-Emulator([string] $Method, [string] $Path, $Body) {
    $arguments = @{ Method = $Method; Uri = "$($script:Emulator.Url)$Path" }
    if ($null -ne $Body) { $arguments.Body = ($Body | ConvertTo-Json -Depth 5); $arguments.ContentType = 'application/json' }
    Invoke-RestMethod @arguments
}
