using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Security;

namespace KsefPS.Core.Permissions;

/// <summary>A grant KSeF would refuse, caught before anything is sent.</summary>
public static partial class KsefPermissions
{
    /// <param name="nipControlDigit">Whether a NIP's control digit must be right: KSeF checks it on production only.</param>
    private static void Validate(PermissionGrantRequest request, bool nipControlDigit)
    {
        string? problem = null;
        if (request.Permissions.Count == 0)
        {
            problem = "Name at least one permission (-Permission).";
        }
        else if (request.Description.Length is < 5 or > 256)
        {
            problem = "KSeF wants a description of 5 to 256 characters (-Description).";
        }
        else if (request.Kind == GrantKind.Entity
            && request.Permissions.Any(p => p is not (KsefPermission.InvoiceRead or KsefPermission.InvoiceWrite or KsefPermission.CollectiveIdentifierManage)))
        {
            problem = "Entities can hold only InvoiceRead, InvoiceWrite and CollectiveIdentifierManage; SelfInvoicing, RRInvoicing, TaxRepresentative and PefInvoicing are authorizations of an entity, granted alone.";
        }
        else if (request.Kind == GrantKind.Indirect && request.Permissions.Any(p => p is not (KsefPermission.InvoiceRead or KsefPermission.InvoiceWrite)))
        {
            problem = "Indirect grants can hold only InvoiceRead and InvoiceWrite.";
        }
        else if (request.Kind == GrantKind.Authorization && !request.Permissions.All(IsAuthorization))
        {
            problem = "An authorization is one of SelfInvoicing, RRInvoicing, TaxRepresentative or PefInvoicing; grant invoice rights separately.";
        }
        else if (request.Kind == GrantKind.Subunit && (request.Permissions.Any(p => p != KsefPermission.CredentialsManage)
            || (request.SubunitInternalId is null) == (request.SubordinateNip is null)))
        {
            problem = "A subunit administrator gets CredentialsManage in one subunit: -SubunitInternalId or -SubordinateNip.";
        }
        else if (request.Kind == GrantKind.Subunit && request.SubunitInternalId is { } internalId && !(ContextIdentifier.InternalIdChecksumValid(internalId) && internalId.Length == 16 && internalId[10] == '-'))
        {
            problem = $"'{UntrustedText.Quote(internalId)}' is not an internal identifier: the NIP, a hyphen and 5 digits, the last a check digit.";
        }
        else if (request.Kind == GrantKind.Subunit && request.SubordinateNip is { } subordinate && !Nip.IsKsefNip(subordinate, nipControlDigit))
        {
            problem = $"'{UntrustedText.Quote(subordinate)}' is not a NIP (-SubordinateNip).";
        }
        else if (request.Kind == GrantKind.EuAdministrator && (request.Subject.Type != PermissionSubjectType.Fingerprint || string.IsNullOrWhiteSpace(request.VatUe)
            || string.IsNullOrWhiteSpace(request.EuEntityName) || string.IsNullOrWhiteSpace(request.EuEntityAddress)))
        {
            problem = "An EU entity administrator is named by certificate fingerprint, with the EU VAT number (-VatUe), the EU entity's name and address (-EuEntityName, -EuEntityAddress).";
        }
        else if (request.Kind == GrantKind.EuAdministrator && request.Permissions.Any(p => p != KsefPermission.VatUeManage))
        {
            problem = "An EU entity administrator gets VatUeManage (which brings the invoice rights with it).";
        }
        else if (request.Kind is not GrantKind.EuAdministrator && request.Permissions.Contains(KsefPermission.VatUeManage))
        {
            problem = "VatUeManage is granted only to an EU entity's administrator (-Fingerprint with -VatUe).";
        }
        else if (request.Kind == GrantKind.EuRepresentative && (request.Subject.Type != PermissionSubjectType.Fingerprint
            || request.Permissions.Any(p => p is not (KsefPermission.InvoiceRead or KsefPermission.InvoiceWrite))))
        {
            problem = "An EU entity's representative is named by certificate fingerprint and gets InvoiceWrite and/or InvoiceRead.";
        }
        else if (request.Kind is GrantKind.EuAdministrator or GrantKind.EuRepresentative && request.EntityName is not null && string.IsNullOrWhiteSpace(request.EntityAddress))
        {
            problem = "An entity named by the fingerprint of its seal needs its address too (-EntityAddress).";
        }
        else if (request.Subject.Type == PermissionSubjectType.Fingerprint && request.EntityName is null && request.PersonIdentifier is null
            && (request.BirthDate is null || string.IsNullOrWhiteSpace(request.IdDocumentNumber) || string.IsNullOrWhiteSpace(request.IdDocumentType)
                || request.IdDocumentCountry is not { Length: 2 }))
        {
            problem = "A person named by certificate fingerprint needs their PESEL or NIP (-PersonIdentifier), or their birth date and identity document (-BirthDate, -IdDocumentType, -IdDocumentNumber, -IdDocumentCountry as two letters).";
        }
        else if (request.Subject.Type == PermissionSubjectType.PeppolId
            && (request.Kind != GrantKind.Authorization || request.Permissions.Any(p => p != KsefPermission.PefInvoicing)))
        {
            problem = "A Peppol service provider (-PeppolId) is authorized only with PefInvoicing.";
        }
        else if (request.Kind == GrantKind.Authorization && request.Subject.Type != PermissionSubjectType.PeppolId && request.Permissions.Contains(KsefPermission.PefInvoicing))
        {
            problem = "PefInvoicing authorizes a Peppol service provider to send your PEF invoices: name it with -PeppolId (Get-KsefPeppolProvider lists them).";
        }
        else if (request.Kind == GrantKind.Person && request.Permissions.Any(IsAuthorization))
        {
            problem = "SelfInvoicing, RRInvoicing, TaxRepresentative and PefInvoicing authorize an entity (-EntityNip; PefInvoicing a Peppol provider, -PeppolId), not a person.";
        }
        else if (request.Kind is GrantKind.Entity or GrantKind.Authorization && (request.EntityName?.Length ?? 0) is < 5 or > 90)
        {
            problem = "An entity grant needs the entity's full name, 5 to 90 characters (-EntityName).";
        }
        else if ((request.Kind is GrantKind.Person or GrantKind.Indirect or GrantKind.Subunit || request.EntityName is null && request.Kind is GrantKind.EuAdministrator or GrantKind.EuRepresentative)
            && (request.FirstName?.Trim().Length < 2 || request.LastName?.Trim().Length < 2 || request.FirstName is null || request.LastName is null))
        {
            problem = "A person grant needs the person's first and last name (-FirstName, -LastName), as KSeF records them.";
        }
        else if (request.Kind == GrantKind.Indirect && request.TargetNip is { } target && !Nip.IsKsefNip(target, nipControlDigit))
        {
            problem = $"'{UntrustedText.Quote(target)}' is not a NIP (-TargetNip).";
        }
        else if (request.Kind == GrantKind.Indirect && request.TargetNip is not null && request.AllPartners)
        {
            problem = "An indirect grant is for one client (-TargetNip) or for all (-AllPartners), not both.";
        }
        else if (request.CanDelegate && request.Kind != GrantKind.Entity)
        {
            problem = "Only grants to entities can be passed on (-CanDelegate goes with -EntityNip).";
        }
        if (problem is not null)
        {
            throw new KsefException(ErrorIds.PermissionGrantInvalid, KsefErrorKind.InvalidArgument, problem, request.Subject.ToString());
        }
    }
}
