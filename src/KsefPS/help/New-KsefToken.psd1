@{
    Synopsis    = 'Creates a KSeF token in the session''s context, and optionally keeps it encrypted in the store.'
    Description = @'
Asks KSeF for a token with the given permissions (POST /tokens) over the current or given session. KSeF shows a token
once: with -Name it is sealed in the store (AES-256-GCM under the store key) so that an unattended job can later run
Connect-Ksef -TokenName; without -Name it is returned as a SecureString in the Token property and nowhere else.
KSeF issues tokens only in Nip and InternalId contexts, only to sessions authenticated with a certificate (a session
a token opened gets KsefForbidden), and only with permissions the session itself holds (26001). With -Name the name
and the store are checked before KSeF is asked (TokenNameTaken, StoreLocked), and a token that still cannot be kept is
revoked at once, with a warning, so that none is left active that nobody holds.
KSeF makes a token Pending and activates it (with its permissions) moments later; until then it cannot log in. The
command waits until KSeF says it is Active (up to two minutes; a token still Pending then is returned with a warning)
and returns KSeF's view of it, author included, so that Connect-Ksef -TokenName works right after it. A token KSeF
fails to activate is TokenActivationFailed and is not kept in the store. -NoWait returns it Pending at once.
'@
    Parameters  = @{
        Permission  = 'What the token may do: InvoiceRead, InvoiceWrite, CredentialsRead, CredentialsManage, SubunitManage, EnforcementOperations, Introspection, CollectiveIdentifierManage (KSeF API 2.7.0, TEST first).'
        Description = 'A description of 5 to 256 characters, shown by KSeF in token lists.'
        Name        = 'Keep the token in the store under this name.'
        NoWait      = 'Return as soon as KSeF has made the token, still Pending (it cannot log in until KSeF activates it).'
        Session     = 'The session to use. Default: the current session.'
        StorePath   = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'New-KsefToken -Permission InvoiceRead, InvoiceWrite -Description "Nightly invoice sync" -Name NightlyJob'; Remarks = 'A token for a scheduled task, stored encrypted.' }
    )
}
