@{
    Synopsis    = 'Grants KSeF permissions in the current context: to a person, to an entity, or indirectly.'
    Description = @'
Grants permissions in the context of the current session (Connect-Ksef) and waits for KSeF to finish the operation.
The session needs Owner or CredentialsManage there.

- A person, by -Pesel, -Nip or -Fingerprint (the SHA-256 of a certificate without PESEL or NIP), with -FirstName and
  -LastName as KSeF records them: any of InvoiceWrite, InvoiceRead, CredentialsManage, CredentialsRead, Introspection,
  SubunitManage, EnforcementOperations (only in a context with the enforcement role), CollectiveIdentifierManage.
- An entity, by -EntityNip with -EntityName, e.g. an accounting office: InvoiceWrite and InvoiceRead; with
  -CanDelegate it may pass them on to its own people. CollectiveIdentifierManage too.
- CollectiveIdentifierManage (collective identifiers of issued invoices, without invoice rights) came with KSeF API
  2.7.0, on TEST first; a KSeF that does not know it yet refuses the grant.
- An authorization of an entity, by -EntityNip with -EntityName and -Permission SelfInvoicing, RRInvoicing,
  TaxRepresentative or PefInvoicing: the entity then issues invoices in its own context on this context's behalf
  (self-invoicing by the buyer, VAT RR invoices, a tax representative).
- A Peppol service provider, by -PeppolId with -EntityName and -Permission PefInvoicing: the provider then sends this
  context's PEF invoices from its own context. PefInvoicing goes only to a Peppol provider, and a provider gets nothing
  else; Get-KsefPeppolProvider lists the providers KSeF knows.
- A subunit administrator: a person with -SubunitInternalId, -SubunitNumber or -SubordinateNip (and -Permission
  CredentialsManage) administers a subunit or a subordinate entity (a VAT group member, a subordinate JST).
- EU entities: -Fingerprint with -VatUe, -EuEntityName, -EuEntityAddress and -Permission VatUeManage makes an EU
  entity's administrator in the composite context NIP-VAT UE; connected to that composite context (Connect-Ksef
  -NipVatUe), -Fingerprint with InvoiceWrite/InvoiceRead makes its representatives. A fingerprint's holder is a person
  (-FirstName, -LastName, and -PersonIdentifier or -BirthDate with the identity document) or, for EU grants, an entity
  (-EntityName, -EntityAddress).
- Indirectly: a person with -TargetNip (one client) or -AllPartners (every client). The current context is the
  intermediary and must hold the permission from that client with canDelegate.

Binds by property name, so Import-Csv rows with columns Pesel, FirstName, LastName, Permission (e.g.
"InvoiceRead;InvoiceWrite") grant a team; a bad row is a non-terminating error and the other rows are granted. A
permission the subject already holds is reported in a warning and not granted again. The output is the subject's grants
of those permissions as KSeF lists them (with their ids, for Revoke-KsefPermission).
'@
    Parameters  = @{
        Pesel        = 'The person''s PESEL (11 digits, check digit verified).'
        Nip          = 'The person''s NIP (10 digits; the check digit verified on Production, the only environment where KSeF checks it): a person whose certificate or trusted profile carries a NIP.'
        Fingerprint  = 'The SHA-256 fingerprint (64 hex digits) of the person''s certificate, for a certificate with neither PESEL nor NIP.'
        EntityNip    = 'The NIP of the entity (e.g. an accounting office) that will handle the current context''s invoices.'
        PeppolId     = 'The id of the Peppol service provider to authorize with PefInvoicing (P, two capital letters, six digits; see Get-KsefPeppolProvider). Binds from the pipeline by property name.'
        Permission   = 'The permissions to grant. A single string such as "InvoiceRead;InvoiceWrite" (a CSV cell) is split.'
        FirstName    = 'The person''s first name, as KSeF records it with the grant.'
        LastName     = 'The person''s last name, as KSeF records it with the grant.'
        EntityName   = 'The entity''s full name (5–90 characters).'
        CanDelegate  = 'Entity grants: the entity may pass InvoiceRead/InvoiceWrite on (indirect grants). From CSV, "False", "0", "no" or an empty cell mean off.'
        TargetNip    = 'Makes the grant indirect, for this client of the current context (which holds the permission from it with canDelegate).'
        AllPartners  = 'Makes the grant indirect, for every client of the current context.'
        SubunitInternalId = 'Makes the person administrator (CredentialsManage) of this subunit of the current context: its internal identifier, NIP-5 digits with the check digit. Needs SubunitManage (or Owner).'
        SubunitNumber     = 'The same for subunit 0–9999 of the current NIP: the internal identifier is made with its check digit.'
        SubordinateNip    = 'Makes the person administrator of a subordinate entity: a member of the current VAT group, a unit of the current JST.'
        SubunitName       = 'The subunit''s name, recorded with the grant.'
        EntityAddress     = 'The address of an entity named by the fingerprint of its seal (EU grants), beside -EntityName.'
        PersonIdentifier  = 'A person named by certificate fingerprint who has a PESEL or NIP: that identifier.'
        BirthDate         = 'A person named by certificate fingerprint without PESEL or NIP: their birth date (with the identity document).'
        IdDocumentType    = 'The identity document''s kind (e.g. Passport, IdCard) of a person without PESEL or NIP.'
        IdDocumentNumber  = 'The identity document''s series and number.'
        IdDocumentCountry = 'The country that issued the identity document, two letters (ISO 3166-1, e.g. DE).'
        VatUe             = 'Makes the fingerprint''s holder administrator (VatUeManage) of the EU entity with this VAT number, in the composite context {this NIP}-{VatUe}.'
        EuEntityName      = 'The EU entity''s name (with -VatUe).'
        EuEntityAddress   = 'The EU entity''s address (with -VatUe).'
        Description  = 'KSeF''s description of the grant (5–256 characters). Default: the permissions and the name.'
        Session      = 'The KSeF session to use instead of the current one.'
        StorePath    = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Grant-KsefPermission -Pesel 44051401458 -FirstName Anna -LastName Kowalska -Permission InvoiceWrite, InvoiceRead'; Remarks = 'An employee who issues and reads invoices.' }
        @{ Code = 'Import-Csv staff.csv | Grant-KsefPermission'; Remarks = 'Onboards a team: columns Pesel, FirstName, LastName, Permission.' }
        @{ Code = 'Grant-KsefPermission -EntityNip 5265877635 -EntityName ''Biuro Rachunkowe Sp. z o.o.'' -Permission InvoiceRead, InvoiceWrite -CanDelegate'; Remarks = 'An accounting office that may pass the rights on to its staff.' }
        @{ Code = 'Grant-KsefPermission -EntityNip 7762811692 -EntityName ''Nabywca S.A.'' -Permission SelfInvoicing'; Remarks = 'A buyer issues this company''s invoices (self-invoicing).' }
        @{ Code = 'Get-KsefPeppolProvider PPL123456 | Grant-KsefPermission -Permission PefInvoicing -EntityName ''Peppol Partner Sp. z o.o.'''; Remarks = 'A Peppol service provider may send this company''s PEF invoices.' }
        @{ Code = 'Grant-KsefPermission -Pesel 44051401458 -FirstName Ewa -LastName Nowak -Permission InvoiceRead -TargetNip 7762811692'; Remarks = 'In the office''s own context: one of its employees reads the invoices of one client.' }
    )
}
