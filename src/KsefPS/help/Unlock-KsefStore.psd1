@{
    Synopsis    = 'Unlocks a passphrase-protected store for this PowerShell process for a while.'
    Description = @'
Derives the key from the passphrase (Argon2id), checks it, and keeps the unwrapped store key in this process's memory
until -Timeout passes or Lock-KsefStore is called. A wrong passphrase fails with StorePassphraseInvalid and changes
nothing. A store protected by the user account needs no unlocking. In a non-interactive session a locked store gives
StoreLocked; nothing ever prompts there.
'@
    Parameters  = @{
        Passphrase = 'The store passphrase.'
        Timeout    = 'How long the store stays unlocked; a TimeSpan, or a number of seconds (default 15 minutes).'
        PassThru   = 'Return the store information afterwards.'
        StorePath  = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Defaults    = @{ Timeout = '00:15:00' }
    Examples    = @(
        @{ Code = 'Unlock-KsefStore -Passphrase (Read-Host -AsSecureString "Store passphrase")'; Remarks = 'Unlocks for 15 minutes.' }
        @{ Code = 'Unlock-KsefStore $passphrase -Timeout 3600'; Remarks = 'Unlocks for an hour.' }
    )
}
