@{
    Synopsis    = 'Verifies a KOD II link: its signature, the certificate serial, and optionally that it belongs to an invoice.'
    Description = 'Parses the KOD II link, verifies its signature with the certificate''s public key (RSASSA-PSS, or ECDSA as R‖S or DER), checks that the link names that certificate''s serial number and, with -InvoicePath, that the invoice''s SHA-256 and seller NIP are those in the link. What a recipient or an auditor needs; no network is used.'
    Parameters  = @{
        Url         = 'The KOD II link (also CertificateLink from the pipeline, e.g. from Protect-KsefInvoice).'
        Certificate = 'The signer''s certificate: a stored entry or name, an X509Certificate2, or a certificate file (PEM or DER).'
        InvoicePath = 'The invoice the link should protect.'
        StorePath   = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Protect-KsefInvoice ./fv.xml -Certificate Offline2026 | Test-KsefCertificateLink -Certificate Offline2026'; Remarks = 'Verifies what was just produced, against the invoice file.' }
        @{ Code = 'Test-KsefCertificateLink -Url $kod2 -Certificate ./issuer.pem -InvoicePath ./received.xml'; Remarks = 'A recipient checks a received offline invoice.' }
    )
}
