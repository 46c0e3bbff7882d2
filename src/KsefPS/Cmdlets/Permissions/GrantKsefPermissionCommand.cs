using System.Management.Automation;
using KsefPS.Core.Environments;
using KsefPS.Core.Permissions;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Permissions;

/// <summary>
/// Grants KSeF permissions in the session's context: to a person (by PESEL, NIP or certificate fingerprint), to an
/// entity (by NIP), or — with -TargetNip or -AllPartners — indirectly, passing on what this context holds with
/// canDelegate. Binds by property name, so Import-Csv rows grant a team; what a subject already holds is reported.
/// </summary>
[Cmdlet(VerbsSecurity.Grant, "KsefPermission", DefaultParameterSetName = ByPesel, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PermissionGrant))]
public sealed class GrantKsefPermissionCommand : SessionCmdlet
{
    private const string ByPesel = "Pesel";
    private const string ByNip = "Nip";
    private const string ByFingerprint = "Fingerprint";
    private const string ToEntity = "Entity";
    private const string ToPeppolProvider = "PeppolProvider";

    [Parameter(Mandatory = true, ParameterSetName = ByPesel, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Pesel { get; set; }

    /// <summary>A person identified by NIP (a sole trader, or someone whose certificate carries their NIP).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByNip, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Nip { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Fingerprint { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ToEntity, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? EntityNip { get; set; }

    /// <summary>A Peppol service provider, authorized with PefInvoicing to send the context's PEF invoices.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ToPeppolProvider, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? PeppolId { get; set; }

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ListTransformation]
    public KsefPermission[] Permission { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = ByPesel, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = ByNip, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? FirstName { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ByPesel, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = ByNip, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? LastName { get; set; }

    /// <summary>An entity's full name: the entity granted (-EntityNip), the Peppol provider, or the owner of a seal named by fingerprint (EU grants).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ToEntity, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = ToPeppolProvider, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? EntityName { get; set; }

    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    public string? EntityAddress { get; set; }

    /// <summary>A person named by fingerprint who has a PESEL or NIP.</summary>
    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    public string? PersonIdentifier { get; set; }

    /// <summary>A person named by fingerprint without PESEL or NIP: birth date and identity document.</summary>
    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    public DateTime? BirthDate { get; set; }

    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    public string? IdDocumentType { get; set; }

    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    public string? IdDocumentNumber { get; set; }

    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    public string? IdDocumentCountry { get; set; }

    /// <summary>Makes the fingerprint's holder administrator of the EU entity with this VAT number, in the composite context {this NIP}-{VatUe}.</summary>
    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    public string? VatUe { get; set; }

    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    public string? EuEntityName { get; set; }

    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    public string? EuEntityAddress { get; set; }

    [Parameter(ParameterSetName = ToEntity, ValueFromPipelineByPropertyName = true)]
    [BooleanTextTransformation]
    public SwitchParameter CanDelegate { get; set; }

    /// <summary>An indirect grant for this client of the current context (which holds the permission from it with canDelegate).</summary>
    [Parameter(ParameterSetName = ByPesel, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ByNip, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    public string? TargetNip { get; set; }

    /// <summary>An indirect grant for every client of the current context.</summary>
    [Parameter(ParameterSetName = ByPesel, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ByNip, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    [BooleanTextTransformation]
    public SwitchParameter AllPartners { get; set; }

    /// <summary>Makes the person administrator of this subunit of the current context (its internal identifier, NIP-5 digits).</summary>
    [Parameter(ParameterSetName = ByPesel, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ByNip, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    public string? SubunitInternalId { get; set; }

    /// <summary>The same, for a subunit numbered 0–9999: the internal identifier is made from the current NIP and the check digit.</summary>
    [Parameter(ParameterSetName = ByPesel, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ByNip, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, 9999)]
    public int? SubunitNumber { get; set; }

    /// <summary>Makes the person administrator of a subordinate entity: a member of the current VAT group, a unit of the current JST.</summary>
    [Parameter(ParameterSetName = ByPesel, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ByNip, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    public string? SubordinateNip { get; set; }

    [Parameter(ParameterSetName = ByPesel, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ByNip, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ByFingerprint, ValueFromPipelineByPropertyName = true)]
    public string? SubunitName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Description { get; set; }

    protected override void ProcessRecord() => PerItem(() =>
    {
        var session = RequireSession();
        var request = Request(session);
        var kind = request.Kind switch
        {
            GrantKind.Indirect => $"indirectly, for {(request.AllPartners ? "all clients" : "client " + request.TargetNip)}",
            GrantKind.Subunit => $"as administrator of {request.SubunitInternalId ?? request.SubordinateNip}",
            GrantKind.EuAdministrator => $"as administrator of the EU entity {request.VatUe}",
            GrantKind.EuRepresentative => "as representative of the EU entity",
            _ => request.Kind.ToString().ToLowerInvariant(),
        };
        if (!ShouldProcess($"{Holder(request)} in {session.Context}", $"Grant {string.Join(", ", request.Permissions)} ({kind})"))
        {
            return;
        }
        var outcome = RunAsync("Grant-KsefPermission", (narrate, _, cancel) => KsefPermissions.GrantAsync(session, request, narrate, cancel));
        if (outcome.AlreadyHeld.Count > 0)
        {
            WriteWarning($"{Holder(request)} already holds {string.Join(", ", outcome.AlreadyHeld)} in {session.Context}; nothing was granted again.");
        }
        WriteObject(outcome.Grants, enumerateCollection: true);
    });

    private PermissionGrantRequest Request(Core.Sessions.KsefSession session)
    {
        var nipControlDigit = KsefEnvironmentInfo.For(session.Environment).ChecksNipControlDigits;
        var subject = PermissionSubject.OneOf(Pesel, Nip, Fingerprint, PeppolId, nipControlDigit) ?? new PermissionSubject(PermissionSubjectType.Nip, EntityNip!, nipControlDigit);
        var contextNip = session.Context.Value[..Math.Min(10, session.Context.Value.Length)];
        var internalId = SubunitInternalId is { Length: > 0 } given ? given.Trim()
            : SubunitNumber is { } number ? Core.Identifiers.ContextIdentifier.InternalIdOf(contextNip, number) : null;
        var subordinate = string.IsNullOrWhiteSpace(SubordinateNip) ? null : SubordinateNip.Trim();
        var permissions = Permission.Distinct().ToList();
        var kind = PermissionGrantRequest.KindOf(ParameterSetName is ToEntity or ToPeppolProvider, permissions, session.Context.Type == Core.Identifiers.ContextIdentifierType.NipVatUe,
            !string.IsNullOrWhiteSpace(VatUe), internalId is not null || subordinate is not null, TargetNip is not null || AllPartners);
        return new PermissionGrantRequest
        {
            Kind = kind,
            Subject = subject,
            Permissions = permissions,
            Description = Description ?? $"{string.Join(", ", Permission.Distinct())}: {FirstName ?? EntityName ?? "KsefPS"} (KsefPS)",
            FirstName = FirstName,
            LastName = LastName,
            EntityName = EntityName,
            CanDelegate = CanDelegate,
            TargetNip = string.IsNullOrWhiteSpace(TargetNip) ? null : TargetNip.Trim(),
            AllPartners = AllPartners,
            SubunitInternalId = internalId,
            SubordinateNip = subordinate,
            SubunitName = SubunitName,
            EntityAddress = EntityAddress,
            PersonIdentifier = string.IsNullOrWhiteSpace(PersonIdentifier) ? null : PersonIdentifier.Trim(),
            BirthDate = BirthDate is { } born ? DateOnly.FromDateTime(born) : null,
            IdDocumentType = IdDocumentType,
            IdDocumentNumber = IdDocumentNumber,
            IdDocumentCountry = IdDocumentCountry,
            VatUe = string.IsNullOrWhiteSpace(VatUe) ? null : VatUe.Trim(),
            EuEntityName = EuEntityName,
            EuEntityAddress = EuEntityAddress,
            ContextNip = contextNip,
        };
    }

    private static string Holder(PermissionGrantRequest request) =>
        (request.EntityName is not null ? $"'{request.EntityName}'" : $"'{request.FirstName} {request.LastName}'") + $" ({request.Subject})";
}
