@{
    Synopsis    = 'Creates a self-signed certificate that KSeF TEST accepts, and stores it with its encrypted private key.'
    Description = @'
Makes a key pair and a self-signed certificate in the shape of the official test-certificate builders and files both in
the encrypted store, like New-SelfSignedCertificate does for the Windows certificate store. It returns the stored entry.

Personal certificate: -GivenName, -Surname and -Nip or -Pesel; the subject carries serialNumber TINPL-<NIP> or
PNOPL-<PESEL>, CN and C=PL. Seal certificate: -OrganizationName and -Nip; the subject carries organizationIdentifier
VATPL-<NIP>, O, CN and C=PL and no given name or surname. A Peppol service provider's seal: -OrganizationName and
-PeppolId; the id is both its common name and its organizationIdentifier (Connect-Ksef -PeppolId logs in with it).

The PESEL's checksum is validated, and the NIP's shape (ten digits, no x00 tax office); KSeF TEST does not check a NIP's
control digit, so neither does this command (Connect-Ksef and the other cmdlets check it for Production only). The certificate is valid from 61 minutes ago for -ValidDays days, has an
8-byte serial number and a key usage matching -Usage. Only the TEST environment accepts self-signed certificates; the
entry is stored for Test. The private key is generated in memory, sealed with AES-256-GCM under the store key, and
never written anywhere else.
'@
    Parameters  = @{
        GivenName        = 'Given name of the person (personal certificates).'
        Surname          = 'Surname of the person (personal certificates).'
        Nip              = 'The NIP (10 digits) the certificate identifies: the person''s NIP (personal) or the organisation''s (seal).'
        Pesel            = 'The PESEL (11 digits) the personal certificate identifies, instead of a NIP.'
        OrganizationName = 'Organisation name; makes a seal certificate.'
        PeppolId         = 'A Peppol provider id (P, two capital letters, six digits; New-KsefTestIdentifier -Type PeppolId makes one): makes that provider''s seal, with the id as its common name and organizationIdentifier.'
        CommonName       = 'The CN. Default: "<GivenName> <Surname>" or the organisation name.'
        KeyAlgorithm     = 'EcP256 (default, ECDSA on NIST P-256) or Rsa2048 (RSA-PSS self-signature).'
        ValidDays        = 'Validity in days, 1 to 3650 (default 730).'
        Usage            = 'Authentication (default) or Offline. "Authorization" and "Signing" are accepted as synonyms.'
        Name             = 'The name of the store entry. Default: "<Usage>-<NIP or PESEL>-<first fingerprint hex>".'
        StorePath        = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
        Pkcs11Library = 'Make the key pair on a PKCS#11 token (never extractable) instead of in this process; the certificate is written to the token beside it and the entry keeps a reference to the key.'
        TokenLabel = 'The label of the token to make the key pair on. Default: the only token present.'
        TokenSerial = 'The serial number of the token, where several have the same label.'
        Pin = 'The tokens PIN. Without it an interactive session asks.'
        SavePin = 'Seal the PIN in the store with the entry for unattended use.'
    }
    Defaults    = @{ KeyAlgorithm = 'EcP256'; ValidDays = '730'; Usage = 'Authentication' }
    Examples    = @(
        @{ Code = 'New-KsefTestCertificate -GivenName Anna -Surname Nowak -Nip (New-KsefTestIdentifier) -Name AnnaTest'; Remarks = 'A personal EC test certificate for a random NIP, stored as AnnaTest.' }
        @{ Code = 'New-KsefTestCertificate -OrganizationName "Beta sp. z o.o." -Nip 5265877635 -KeyAlgorithm Rsa2048 -Usage Offline'; Remarks = 'An RSA seal certificate for signing offline invoices on TEST.' }
    )
}
