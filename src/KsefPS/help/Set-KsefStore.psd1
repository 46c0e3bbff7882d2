@{
    Synopsis    = 'Changes how the store key is protected: by the user account or by a passphrase.'
    Description = @'
Re-wraps the 256-bit store key; the sealed private keys themselves are not re-encrypted. User protection uses DPAPI
(Windows) or a 0600 key file (Unix) and never prompts, which suits scheduled tasks. Passphrase protection derives a key
with Argon2id; the store must then be unlocked (Unlock-KsefStore) before private keys are used. Switching to a
passphrase deletes the key file. Running it again with -Protection Passphrase changes the passphrase.
'@
    Parameters  = @{
        Protection        = 'User or Passphrase.'
        Passphrase        = 'The new passphrase. Prompted for (twice) when omitted in an interactive session. One of fewer than 12 characters is taken with a warning: whoever copies the store can guess offline.'
        CurrentPassphrase = 'The current passphrase, when the store is passphrase-protected and locked.'
        PassThru          = 'Return the store information afterwards.'
        StorePath         = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Set-KsefStore -Protection Passphrase'; Remarks = 'Asks for a new passphrase twice and protects the store with it.' }
        @{ Code = 'Set-KsefStore -Protection User -CurrentPassphrase $old'; Remarks = 'Back to user-account protection, e.g. before handing the store to a scheduled task.' }
    )
}
