@{
    Synopsis    = 'Shows how many more certificates KSeF will issue to the authenticated subject.'
    Description = 'Returns whether the subject can request a certificate now, and the remaining and maximum numbers of enrollments and of active certificates (GET /certificates/limits). Defaults at KSeF: 300 enrollments and 100 active certificates for a NIP, 12 and 6 for a PESEL or fingerprint.'
    Parameters  = @{
        Session   = 'The session to use. Default: the current session.'
        StorePath = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Get-KsefCertificateLimit'; Remarks = 'Limits of the subject of the current session.' }
    )
}
