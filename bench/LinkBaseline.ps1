<#
.SYNOPSIS
    What a client's own link code does for each invoice, for Protect-KsefInvoice's links-only work to be measured
    against, compiled into this pwsh so it runs under the same runtime settings as the cmdlet, in a Parallel.ForEach
    over the cores. It reads no invoice facts (the seller NIP and date are given), checks nothing and records nothing.
    -Steps Floor: read the file, SHA-256 it, build the KOD I and KOD II links, sign KOD II with ECDSA P-256 with a key
    each thread made once: the least a client can do.
    -Steps Client: the steps of the official C# client (CIRFMF ksef-client-csharp, VerificationLinkService, as a caller
    uses it for an offline invoice): the invoice hash as Base64, which each link decodes and encodes again as Base64URL;
    the links built from the QR host, the context type's name and the certificate's serial; "https://" cut from the
    part to sign, which is hashed with SHA-256; the certificate asked for an RSA key, then for its ECDSA key, for every
    signature. Written from those steps, not from the client's code.
    Prints one line of JSON: the rate of the first pass (a fresh process, as a scheduled run meets it) and of the third
    (warm).
#>
param(
    [Parameter(Mandatory)] [string] $InvoiceDirectory,
    [ValidateSet('Floor', 'Client')] [string] $Steps = 'Floor',
    [int] $Parallelism = [Environment]::ProcessorCount
)
$ErrorActionPreference = 'Stop'
# The loops' C# is in LinkBaseline.cs, which bench/SettledSession.ps1 compiles too.
Add-Type -Path (Join-Path $PSScriptRoot 'LinkBaseline.cs')
$files = [System.IO.Directory]::GetFiles($InvoiceDirectory, '*.xml')
$key = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
$passes = foreach ($i in 1..3) {
    if ($Steps -eq 'Client') { [KsefLinkBaseline]::Client($files, $Parallelism, $key) }
    else { [KsefLinkBaseline]::Floor($files, $Parallelism, $key) }
}
[pscustomobject]@{ Invoices = $files.Count; Steps = $Steps; FirstPass = $passes[0]; WarmPass = $passes[2] } | ConvertTo-Json -Compress
