@{
    Synopsis    = 'Lists the certificates in the store.'
    Description = @'
Lists stored certificates with their name, usage, environment, identity (NIP, PESEL or SHA-256 fingerprint), serial
number, expiry and status (Valid, ExpiringSoon within 30 days, Expired, NotYetValid). Listing reads only public data and
never needs a passphrase-protected store unlocked. Filters combine: -Name (wildcards) or -Thumbprint, -Environment,
-Usage and -ExpiringWithin. A name without wildcards that matches nothing is an error (CertificateNotFound).
'@
    Parameters  = @{
        Name           = 'Entry names; wildcards are allowed.'
        Thumbprint     = 'SHA-1 thumbprint, SHA-256 fingerprint or serial number (hex) of the certificates to get.'
        Environment    = 'Only certificates for these environments.'
        Usage          = 'Only certificates for these usages.'
        ExpiringWithin = 'Only certificates whose validity ends within this many days (expired ones included): the renewal worklist.'
        StorePath      = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default. This command only reads: where there is no store it makes none, shows nothing and warns with the path it looked at (a mistyped path is not taken for an empty store).'
    }
    Examples    = @(
        @{ Code = 'Get-KsefCertificate'; Remarks = 'Everything in the store.' }
        @{ Code = 'Get-KsefCertificate -Environment Production -ExpiringWithin 30'; Remarks = 'Production certificates that need renewing within a month.' }
        @{ Code = 'Get-KsefCertificate Prod* -Usage Offline | Format-List'; Remarks = 'All details of the Offline certificates whose names start with Prod.' }
    )
}
