@{
    Synopsis    = 'Requests a KSeF certificate by CSR enrollment and stores it with its private key; renews or resumes.'
    Description = @'
Asks KSeF for an Authentication or Offline certificate for the subject the session authenticated as (with XAdES; a
session authenticated with a KSeF token may not enroll). It checks the limits first (no key is made when none are
left), reads the enrollment data, makes the key pair in this process, builds a CSR whose subject is exactly that data
(checked before sending), submits it, waits for KSeF with a progress bar (no fixed sleeps), retrieves the certificate
and stores it, with its key sealed, under the session's environment. The key is never written anywhere else.

From the moment KSeF accepts the request, the key and the reference number are kept in the store: if the run stops
before the certificate is stored, Request-KsefCertificate -Resume finishes it. A request KSeF rejects leaves nothing.

-Renew requests a new certificate of the same usage and environment with a new key, stored beside the old one (named
"<old name>-<yyyyMMdd>" unless -Name); -RevokeOld then revokes the old one at KSeF (reason Superseded), only after the
new one is safely stored.
'@
    Parameters  = @{
        Usage        = 'Authentication (to log in) or Offline (to sign KOD II links of offline invoices).'
        Name         = 'The certificate''s name at KSeF and in the store: 5–100 letters, digits, spaces, ''_'' or ''-''.'
        KeyAlgorithm = 'EcP256 (default; KSeF recommends EC) or Rsa2048. For -Renew, default: the old certificate''s.'
        ValidFrom    = 'When the certificate starts to be valid (default: when KSeF issues it).'
        Renew        = 'The stored certificate to renew: its name, or the entry from Get-KsefCertificate.'
        RevokeOld    = 'After the renewed certificate is stored, revoke the old one at KSeF.'
        Resume       = 'Finish enrollments an interrupted run left pending in the store.'
        Session      = 'The session to use. Default: the current session.'
        StorePath    = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
        KeyStorage = 'Store (default): the key pair is made in this process and sealed in the store. Pkcs11: the key pair is made on the token -Pkcs11Library names, sensitive and never extractable, the CSR is signed there, and the issued certificate is written to the token and stored as a PKCS#11 entry. A renewal of a PKCS#11 entry makes its new key on the same token by default.'
        Pkcs11Library = 'The full path of the PKCS#11 library of the token the key pair is made on (-KeyStorage Pkcs11).'
        TokenLabel = 'The label of the token the key pair is made on. Default: the only token present (or the renewed entrys token).'
        TokenSerial = 'The serial number of the token, where several have the same label.'
        Pin = 'The tokens PIN, for making the key pair there and for joining the issued certificate with it (also with -Resume). Default: the PIN saved with the renewed entry, or asked for in an interactive session.'
        SavePin = 'Seal the PIN in the store with the new entry for unattended use (a renewal of an entry whose PIN is saved saves it again).'
    }
    Examples    = @(
        @{ Code = 'Request-KsefCertificate -Usage Offline -Name "Offline 2026"'; Remarks = 'An Offline certificate for KOD II, stored with its key.' }
        @{ Code = 'Get-KsefCertificate -Environment Production -ExpiringWithin 30 | Request-KsefCertificate -RevokeOld'; Remarks = 'Renews what expires within a month and revokes the old certificates.' }
        @{ Code = 'Request-KsefCertificate -Resume'; Remarks = 'Finishes an enrollment that was interrupted.' }
        @{ Code = 'Request-KsefCertificate -Usage Offline -Name ''Offline HSM'' -KeyStorage Pkcs11 -Pkcs11Library /opt/hsm/libpkcs11.so -TokenLabel KSeF -Pin $pin'; Remarks = 'A KSeF Offline certificate whose key exists only in the HSM.' }
    )
}
