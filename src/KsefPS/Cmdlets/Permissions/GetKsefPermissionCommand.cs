using System.Management.Automation;
using KsefPS.Core.Environments;
using KsefPS.Core.Permissions;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Permissions;

/// <summary>
/// KSeF permissions, streamed page by page: everyone who may work in the session's context (default), what the
/// logged-in subject granted (-GrantedByMe), the subject's own (-Mine), what the context received as an entity
/// (-Received); or whether the context may send invoices with attachments (-Attachments).
/// </summary>
[Cmdlet(VerbsCommon.Get, "KsefPermission", DefaultParameterSetName = InContext)]
[OutputType(typeof(PermissionGrant), typeof(AttachmentPermission), typeof(EntityRoleInfo))]
public sealed class GetKsefPermissionCommand : SessionCmdlet
{
    private const string InContext = "InContext";
    private const string OwnSet = "Mine";
    private const string ReceivedSet = "Received";
    private const string AttachmentsSet = "Attachments";
    private const string AuthorizationsSet = "Authorizations";
    private const string SubunitsSet = "SubunitAdministrators";
    private const string RolesSet = "Roles";
    private const string SubordinatesSet = "Subordinates";
    private const string EuSet = "EuEntities";

    [Parameter(ParameterSetName = InContext, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Pesel { get; set; }

    [Parameter(ParameterSetName = InContext, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Nip { get; set; }

    [Parameter(ParameterSetName = InContext, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = EuSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Fingerprint { get; set; }

    /// <summary>Only these permissions; any name KSeF lists, known to KsefPS or not.</summary>
    [Parameter(ParameterSetName = InContext)]
    [Parameter(ParameterSetName = OwnSet)]
    [Parameter(ParameterSetName = ReceivedSet)]
    [Parameter(ParameterSetName = AuthorizationsSet)]
    [ListTransformation]
    public string[] Permission { get; set; } = [];

    [Parameter(ParameterSetName = InContext)]
    [Parameter(ParameterSetName = OwnSet)]
    [ValidateSet("Active", "Inactive")]
    public string? State { get; set; }

    [Parameter(ParameterSetName = InContext)]
    public SwitchParameter GrantedByMe { get; set; }

    /// <summary>Only what this PESEL, NIP or certificate fingerprint granted.</summary>
    [Parameter(ParameterSetName = InContext)]
    [ValidateNotNullOrEmpty]
    public string? GrantedBy { get; set; }

    /// <summary>Only indirect grants for this client (a NIP).</summary>
    [Parameter(ParameterSetName = InContext)]
    [Parameter(ParameterSetName = OwnSet)]
    [ValidateNotNullOrEmpty]
    public string? TargetNip { get; set; }

    /// <summary>Only indirect grants for every client.</summary>
    [Parameter(ParameterSetName = InContext)]
    [Parameter(ParameterSetName = OwnSet)]
    public SwitchParameter AllPartners { get; set; }

    /// <summary>Only what this context (a NIP) granted: for -Mine, -Received and -Authorizations Received.</summary>
    [Parameter(ParameterSetName = OwnSet)]
    [Parameter(ParameterSetName = ReceivedSet)]
    [Parameter(ParameterSetName = AuthorizationsSet)]
    [ValidateNotNullOrEmpty]
    public string? GrantingNip { get; set; }

    /// <summary>With -SubunitAdministrators: only this subunit (internal identifier) or subordinate entity (NIP).</summary>
    [Parameter(ParameterSetName = SubunitsSet)]
    [ValidateNotNullOrEmpty]
    public string? Subunit { get; set; }

    /// <summary>With -EuEntities: only this EU VAT number.</summary>
    [Parameter(ParameterSetName = EuSet)]
    [ValidateNotNullOrEmpty]
    public string? VatUe { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = OwnSet)]
    [Alias("Personal")]
    public SwitchParameter Mine { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ReceivedSet)]
    public SwitchParameter Received { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = AttachmentsSet)]
    public SwitchParameter Attachments { get; set; }

    /// <summary>Administrators of subunits and subordinate entities, granted from the current context.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SubunitsSet)]
    public SwitchParameter SubunitAdministrators { get; set; }

    /// <summary>EU entities' administrators (from a NIP context), or the administrators and representatives of the current NIP-VAT UE context.</summary>
    [Parameter(Mandatory = true, ParameterSetName = EuSet)]
    public SwitchParameter EuEntities { get; set; }

    /// <summary>The current context's roles (VAT group, JST, enforcement authority, or a member's role).</summary>
    [Parameter(Mandatory = true, ParameterSetName = RolesSet)]
    public SwitchParameter Roles { get; set; }

    /// <summary>The members of the current VAT group or the units of the current JST.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SubordinatesSet)]
    public SwitchParameter Subordinates { get; set; }

    /// <summary>Self-invoicing, RR, tax-representative and PEF authorizations: Granted (to others) or Received (from others).</summary>
    [Parameter(Mandatory = true, ParameterSetName = AuthorizationsSet)]
    [ValidateSet("Granted", "Received")]
    public string? Authorizations { get; set; }

    /// <summary>Only the authorizations granted to this Peppol service provider (with -Authorizations Granted).</summary>
    [Parameter(ParameterSetName = AuthorizationsSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? PeppolId { get; set; }

    protected override void ProcessRecord()
    {
        var session = RequireSession();
        if (ParameterSetName == AttachmentsSet)
        {
            WriteObject(Terminating(() => RunAsync((_, cancel) => KsefPermissions.AttachmentsAsync(session, cancel))));
            return;
        }
        if (ParameterSetName is RolesSet or SubordinatesSet)
        {
            PerItem(() => Stream("Get-KsefPermission", (emit, _, _, cancel) => ParameterSetName == RolesSet
                ? KsefPermissions.RolesAsync(session, emit, cancel)
                : KsefPermissions.SubordinatesAsync(session, emit, cancel)));
            return;
        }
        var filter = Terminating(() => Filter(KsefEnvironmentInfo.For(session.Environment).ChecksNipControlDigits));
        var listing = ParameterSetName switch
        {
            OwnSet => KsefPermissions.Listing.Mine,
            ReceivedSet => KsefPermissions.Listing.Received,
            SubunitsSet => KsefPermissions.Listing.SubunitAdministrators,
            EuSet => KsefPermissions.Listing.EuEntities,
            AuthorizationsSet => Authorizations == "Received" ? KsefPermissions.Listing.AuthorizationsReceived : KsefPermissions.Listing.AuthorizationsGranted,
            _ => GrantedByMe ? KsefPermissions.Listing.GrantedByMe : KsefPermissions.Listing.InCurrentContext,
        };
        PerItem(() => Stream("Get-KsefPermission", (emit, _, _, cancel) => KsefPermissions.ListAsync(session, listing, filter, emit, cancel)));
    }

    private PermissionFilter Filter(bool nipControlDigit)
    {
        string? Checked(string? nip) => nip is null ? null : new PermissionSubject(PermissionSubjectType.Nip, nip, nipControlDigit).Value;
        var subject = PermissionSubject.OneOf(Pesel, Nip, Fingerprint, PeppolId, nipControlDigit);
        return new PermissionFilter
        {
            Subject = subject,
            Permissions = Permission,
            State = State,
            Author = GrantedBy is null ? null : PermissionSubject.Guess(GrantedBy),
            Target = AllPartners ? "AllPartners" : Checked(TargetNip),
            GrantingNip = Checked(GrantingNip),
            Subunit = Subunit?.Trim(),
            VatUe = VatUe?.Trim(),
        };
    }
}
