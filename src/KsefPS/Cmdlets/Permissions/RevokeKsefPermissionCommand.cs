using System.Management.Automation;
using KsefPS.Core.Permissions;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Permissions;

/// <summary>
/// Revokes KSeF permissions by id, or what Get-KsefPermission pipes in, and waits for KSeF to finish each. Asks first
/// (ConfirmImpact High): a revoked grant ends its holder's next login and next token refresh.
/// </summary>
[Cmdlet(VerbsSecurity.Revoke, "KsefPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RevokeKsefPermissionCommand : SessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("PermissionId")]
    [ValidateNotNullOrEmpty]
    public string[] Id { get; set; } = [];

    /// <summary>Filled from Get-KsefPermission's output, to say what is revoked.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public string? Permission { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public string? Authorized { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public string? Name { get; set; }

    /// <summary>Authorization for self-invoicing, RR, tax representative and PEF grants, which KSeF revokes by their own endpoint; bound from Get-KsefPermission.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Kind { get; set; }

    /// <summary>Bound from Get-KsefPermission's output: a grant already Inactive is skipped, not revoked again.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public string? State { get; set; }

    protected override void ProcessRecord()
    {
        var session = RequireSession();
        if (string.Equals(State, "Inactive", StringComparison.OrdinalIgnoreCase))
        {
            WriteVerbose($"{string.Join(", ", Id)} is already inactive; nothing to revoke.");
            return;
        }
        foreach (var id in Id)
        {
            var what = Permission is null ? id : $"{Permission} of {(Name ?? Authorized ?? "?")} ({id})";
            if (!ShouldProcess($"{what} in {session.Context}", "Revoke the permission at KSeF"))
            {
                continue;
            }
            PerItem(() => RunAsync("Revoke-KsefPermission", async (narrate, _, cancel) =>
            {
                await KsefPermissions.RevokeAsync(session, id, string.Equals(Kind, nameof(GrantKind.Authorization), StringComparison.OrdinalIgnoreCase), narrate, cancel).ConfigureAwait(false);
                return 0;
            }));
        }
    }
}
