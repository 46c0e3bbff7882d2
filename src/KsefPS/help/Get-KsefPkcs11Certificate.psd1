@{
    Synopsis    = 'Lists the keys and certificates on the tokens of a PKCS#11 library.'
    Description = @'
Shows what a smart card, USB token or HSM holds, one row per key (grouped by CKA_ID): the token's label and serial,
the key's id and label, its type (RSA-2048, EC-P256…), whether the private key is there, and the certificate beside it.
Pipe a row into Add-KsefCertificate to store a reference to that key.

Private objects show only after a login: without -Pin, keys appear by their public halves and certificates only, and
HasPrivateKey is empty. Nothing is changed on the token.
'@
    Parameters  = @{
        Pkcs11Library = 'The full path of the PKCS#11 library: SoftHSM2, OpenSC, a card vendor''s or an HSM''s.'
        TokenLabel    = 'Only the token with this label. Default: the first token present.'
        TokenSerial   = 'Only the token with this serial number.'
        Pin           = 'The token''s PIN, to list private keys too. A wrong PIN fails with PinInvalid and is never tried again.'
    }
    Examples    = @(
        @{ Code = 'Get-KsefPkcs11Certificate /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so -Pin (Read-Host -AsSecureString PIN)'; Remarks = 'Lists what the smart card in the reader holds.' }
        @{ Code = 'Get-KsefPkcs11Certificate /usr/lib/softhsm/libsofthsm2.so -TokenLabel KSeF | Where-Object Subject -like ''*VATPL-*'' | Add-KsefCertificate -Usage Authentication'; Remarks = 'Stores a reference to the seal key on the token labelled KSeF.' }
    )
}
