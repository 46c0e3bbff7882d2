@{
    Synopsis    = 'Revokes KSeF permissions by id, or those Get-KsefPermission pipes in.'
    Description = @'
Revokes each permission and waits for KSeF to finish. A revoked grant ends its holder''s next login and next token
refresh in the context. ConfirmImpact is High: it asks unless -Confirm:$false (and -WhatIf shows what would go). Needs
CredentialsManage (or Owner) in the context that granted it. A failure for one id is a non-terminating error; the
others are still revoked.
'@
    Parameters  = @{
        Id           = 'KSeF permission ids (36 characters), as Get-KsefPermission shows them; bound from the pipeline by property name.'
        Permission   = 'Bound from Get-KsefPermission''s output to name what is revoked in the confirmation.'
        Authorized   = 'Bound from Get-KsefPermission''s output to name whose permission is revoked.'
        Name         = 'Bound from Get-KsefPermission''s output to name whose permission is revoked.'
        State        = 'Bound from Get-KsefPermission''s output: a grant already Inactive is skipped.'
        Kind         = 'Authorization for a self-invoicing, RR, tax-representative or PEF authorization, which KSeF revokes by its own endpoint; bound from Get-KsefPermission''s output.'
        Session      = 'The KSeF session to use instead of the current one.'
        StorePath    = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Get-KsefPermission -Pesel 44051401458 | Revoke-KsefPermission'; Remarks = 'An employee leaves: every permission of theirs in this context goes (after confirmation).' }
        @{ Code = '@(Get-KsefPermission -GrantedByMe) | Revoke-KsefPermission -Confirm:$false'; Remarks = 'Withdraws everything the logged-in administrator granted here.' }
    )
}
