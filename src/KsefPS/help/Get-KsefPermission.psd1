@{
    Synopsis    = 'Lists KSeF permissions of the current context, the logged-in subject''s own, or those the context received.'
    Description = @'
Reads permissions page by page and writes each grant as soon as its page arrives.

- Default: everyone who may work in the current context — persons, entities, and persons the context granted
  indirectly as an intermediary. -GrantedByMe narrows it to what the logged-in subject granted. Needs
  CredentialsManage, CredentialsRead or SubunitManage (or Owner). Filter by -Pesel, -Nip or -Fingerprint, -Permission
  and -State.
- -Mine: the logged-in subject's own permissions here (direct, indirect, and — for an owner — what the context received).
- -Received: the invoice permissions the current context, as an entity, received from others (and whether it may pass them on).
- -EuEntities: administrators and representatives of EU entities.
- -SubunitAdministrators, -Roles, -Subordinates: who administers the subunits, the context's roles, its VAT-group
  members or JST units.
- -Authorizations Granted|Received: self-invoicing, RR, tax-representative and PEF authorizations.
- -Attachments: whether the context may send invoices with attachments (consent is given in e-Urząd Skarbowy).

Permission names KSeF adds later are shown as KSeF sends them. Pipe grants into Revoke-KsefPermission; when
revoking many, collect them first (@(Get-KsefPermission …) | Revoke-KsefPermission) so that paging is not disturbed.
'@
    Parameters  = @{
        Pesel        = 'Only the grants of this PESEL.'
        Nip          = 'Only the grants of this NIP (a person or an entity).'
        Fingerprint  = 'Only the grants of this certificate fingerprint.'
        Permission   = 'Only these permissions (any name KSeF lists).'
        State        = 'Active or Inactive. Default: both.'
        GrantedBy    = 'Only what this PESEL, NIP or certificate fingerprint granted.'
        TargetNip    = 'Only indirect grants for this client (a NIP).'
        AllPartners  = 'Only indirect grants for every client.'
        GrantingNip  = 'Only what this context (a NIP) granted: with -Mine, -Received and -Authorizations Received.'
        Subunit      = 'With -SubunitAdministrators: only this subunit (internal identifier) or subordinate entity (NIP).'
        VatUe        = 'With -EuEntities: only this EU VAT number.'
        GrantedByMe  = 'Only what the logged-in subject granted in the current context.'
        Mine         = 'The logged-in subject''s own permissions in the current context.'
        Received     = 'The invoice permissions the current context received as an entity.'
        Attachments  = 'Whether the current context may send invoices with attachments.'
        SubunitAdministrators = 'Administrators of subunits and subordinate entities granted from the current context.'
        EuEntities   = 'EU entities'' administrators (from a NIP context), or the administrators and representatives of the current NIP-VAT UE context.'
        Roles        = 'The current context''s roles: VatGroupUnit, LocalGovernmentUnit, EnforcementAuthority, CourtBailiff, or a member''s role with its parent.'
        Subordinates = 'The members of the current VAT group, or the units of the current JST.'
        PeppolId       = 'With -Authorizations Granted: only what the current context granted to this Peppol service provider.'
        Authorizations = 'Granted: the self-invoicing, RR, tax-representative and PEF authorizations the current context gave; Received: those it holds from others (whose invoices it may issue).'
        Session      = 'The KSeF session to use instead of the current one.'
        StorePath    = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Get-KsefPermission | Format-Table Permission, Kind, Authorized, Name, State'; Remarks = 'Who may work in this context.' }
        @{ Code = 'Get-KsefPermission -Mine'; Remarks = 'What the logged-in person may do here.' }
        @{ Code = 'Get-KsefPermission -Attachments'; Remarks = 'Whether invoices with attachments will be accepted.' }
    )
}
