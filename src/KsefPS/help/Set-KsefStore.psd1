@{
    Synopsis    = 'Changes how the store key is protected: by the user account or by a passphrase.'
    Description = @'
Re-wraps the 256-bit store key; the sealed private keys themselves are not re-encrypted. User protection uses DPAPI
(Windows) or a 0600 key file (Unix) and never prompts, which suits scheduled tasks. Passphrase protection derives a key
with Argon2id; the store must then be unlocked (Unlock-KsefStore) before private keys are used. Switching to a
passphrase deletes the key file. Running it again with -Protection Passphrase changes the passphrase.
User protection ties the store to the account that made it (on Windows also to the machine, and to a logon that has the
account's password: a scheduled task must store it). To hand a store to another account, such as a scheduled task's:
protect it with a passphrase, copy it to that account's store path, and there unlock it and switch back to User
protection (the last example). Opened where it is by another account, a User-protected store is refused (StoreInsecure:
its files are yours), and on Windows a copy of it too (StoreKeyMismatch: DPAPI opens only what the same account
protected).
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
        @{ Code = 'Set-KsefStore -Protection User -CurrentPassphrase $old'; Remarks = 'Back to user-account protection, e.g. as the scheduled task''s account, once the store has been copied there.' }
    )
}
