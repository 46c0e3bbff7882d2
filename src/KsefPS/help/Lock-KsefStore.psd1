@{
    Synopsis    = 'Locks a passphrase-protected store again and wipes its key from this process.'
    Description = 'Forgets the unwrapped store key held since Unlock-KsefStore. Has no effect on a store protected by the user account.'
    Parameters  = @{
        StorePath = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Lock-KsefStore'; Remarks = 'Locks the default store.' }
    )
}
