@{
    Synopsis    = 'KSeF TEST only: makes a KSeF certificate of the session''s subject end earlier at KSeF, to test expiry.'
    Description = @'
Calls KSeF TEST's PUT /testdata/certificates/{serialNumber} (API 2.7.0) with the new end. KSeF then reports the
certificate with that ValidTo (Get-KsefIssuedCertificate), as Expired once it has passed, and refuses to log in with it
(CertificateRejected): what a renewal runbook meets when a certificate runs out. The certificate itself, and the store
entry holding it, keep the end written in them. KSeF accepts only an end that is not later than the one in force, and
only for a certificate of the subject logged in; anything else is refused by KSeF (KsefRequestRejected,
CertificateNotFound) for that item. Refused for Demo and Production (TestOnly): nothing is sent.
'@
    Parameters  = @{
        SerialNumber = 'The certificate''s serial number (16 hex digits, either case), also from the pipeline by property name (Get-KsefIssuedCertificate, Get-KsefCertificate); anything else is SerialNumberInvalid for that item.'
        ValidTo      = 'The new end of the certificate''s validity; a time in the past makes it expired at once. A date without an offset is local time.'
        Session      = 'The session to use. Default: the current session.'
        StorePath    = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Set-KsefTestCertificate 01F20A5D352AE590 -ValidTo (Get-Date).AddDays(10)'; Remarks = 'The certificate now expires in ten days at KSeF TEST.' }
        @{ Code = 'Get-KsefIssuedCertificate -Status Active | Set-KsefTestCertificate -ValidTo (Get-Date)'; Remarks = 'Every active KSeF certificate of the subject expires now, to test the renewal run.' }
    )
}
