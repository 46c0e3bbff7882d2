@{
    Synopsis    = 'Adds a certificate and its private key to the encrypted store.'
    Description = @'
Reads a certificate with its private key and stores it for one usage (Authentication or Offline) in one environment.
Accepted inputs: PFX/P12 (-Password); PEM with the certificate and the key in one file or the key in -KeyPath, the key
plain (PKCS#8, PKCS#1, SEC1) or encrypted PKCS#8 "ENCRYPTED PRIVATE KEY" as KSeF and MCU issue it (-KeyPassword);
DER/CER certificates with -KeyPath; or an X509Certificate2 with its private key from the pipeline.

With -Thumbprint the key is not copied at all: the certificate stays in the operating system's personal store
(-StoreLocation CurrentUser or LocalMachine; on Windows CNG or CSP keys, exportable or not), and the entry keeps only
the certificate and a reference to it. Connect-Ksef and Protect-KsefInvoice sign with the key where it is;
Get-KsefCertificate shows KeySource CertificateStore and whether the key is reachable now; Export-KsefCertificate
exports the certificate but refuses the key (KeyNotExportable).

A certificate without its private key, or with a key that does not belong to it, is refused. A self-signed
certificate is refused for Demo and Production (KSeF refuses those there) unless -Force. A warning is written when the
certificate is expired or not yet valid, or when its key usage contradicts -Usage. The same certificate may be stored
once per usage. Each file is one item: a bad file gives a non-terminating error and the others are still added.
With -Pkcs11Library the key stays on a PKCS#11 token (a qualified seal on a smart card, a USB token, a network or
cloud HSM): the certificate is read from the token (or from -CertificatePath), one signature proves the key belongs
to it, and the entry keeps the certificate and a PKCS#11 URI naming library, token and key. The PIN is stored only
with -SavePin, sealed like every secret of the store. Get-KsefPkcs11Certificate lists what a token holds and pipes
into this cmdlet.
'@
    Parameters  = @{
        Path        = 'Certificate files to add. Wildcards are allowed.'
        LiteralPath = 'Certificate files to add, taken literally (no wildcards).'
        Certificate = 'An X509Certificate2 that carries its private key, e.g. from the Cert: drive or Get-PfxCertificate.'
        Thumbprint  = 'The thumbprint of a certificate in the operating system''s personal store whose key stays there; the entry keeps a reference, not the key.'
        StoreLocation = 'CurrentUser (default) or LocalMachine: whose personal store -Thumbprint is looked up in.'
        Password    = 'Password of a PFX file (or of an encrypted key when -KeyPassword is not given).'
        KeyPath     = 'The private-key file for a PEM or DER certificate (PEM or DER PKCS#8).'
        KeyPassword = 'Password of an encrypted private key.'
        Usage       = 'Authentication or Offline ("Authorization" and "Signing" are accepted). Default: read from the certificate''s key usage (nonRepudiation only means Offline).'
        Environment = 'Test (default), Demo or Production.'
        Name        = 'The name of the store entry. Default: "<Usage>-<NIP or PESEL>-<first fingerprint hex>".'
        Force       = 'Store a self-signed certificate for Demo or Production anyway.'
        StorePath   = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
        Pkcs11Library = 'The full path of the PKCS#11 library that speaks to the token: SoftHSM2, OpenSC, a card vendors or an HSMs. The entry keeps a reference to the key (a PKCS#11 URI), never the key.'
        TokenLabel = 'The label of the token that holds the key. Default: the only token present.'
        TokenSerial = 'The serial number of the token, where several have the same label.'
        KeyLabel = 'The label (CKA_LABEL) of the private key on the token.'
        KeyId = 'The id (CKA_ID) of the private key on the token, in hexadecimal, as Get-KsefPkcs11Certificate shows it.'
        CertificatePath = 'The certificate as a file (PEM or DER), for a token that holds only the key. Default: the certificate on the token beside the key.'
        Pin = 'The tokens PIN. Without it an interactive session asks; elsewhere a token that needs a login fails with PinRequired. A wrong PIN fails with PinInvalid and is never tried again.'
        SavePin = 'Seal the PIN in the store with the entry, so scheduled tasks and runbooks can use the key unattended. Needs -Pin (or the PIN typed when asked).'
    }
    Defaults    = @{ Environment = 'Test' }
    Examples    = @(
        @{ Code = 'Add-KsefCertificate ./auth.crt -KeyPath ./auth.key -KeyPassword (Read-Host -AsSecureString) -Usage Authentication -Environment Production -Name Prod2026'; Remarks = 'Adds a KSeF-issued Authentication certificate with its encrypted PKCS#8 key.' }
        @{ Code = 'Add-KsefCertificate ./seal.pfx -Password $pfxPassword -Usage Offline -Environment Demo'; Remarks = 'Adds a PFX for signing offline invoices in Demo.' }
        @{ Code = 'Get-ChildItem Cert:\CurrentUser\My | Where-Object Subject -like "*VATPL-*" | Add-KsefCertificate -Usage Authentication'; Remarks = 'On Windows: copies a certificate and its key from the Windows store.' }
        @{ Code = 'Add-KsefCertificate -Thumbprint 3A1F...C9 -StoreLocation LocalMachine -Usage Authentication -Environment Production -Name Seal'; Remarks = 'Uses a non-exportable key in the machine store where it is, for a scheduled task.' }
        @{ Code = 'Get-KsefPkcs11Certificate /usr/lib/softhsm/libsofthsm2.so -Pin $pin | Where-Object KeyLabel -eq Seal | Add-KsefCertificate -Pin $pin -SavePin -Usage Authentication -Environment Production -Name Seal'; Remarks = 'Stores a reference to the seal key on an HSM token, with its PIN sealed for a scheduled task.' }
    )
}
