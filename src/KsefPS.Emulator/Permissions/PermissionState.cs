using System.Collections.Concurrent;
using KsefPS.Emulator.Auth;

namespace KsefPS.Emulator.Permissions;

/// <summary>
/// Every grant and grant operation, and what a subject may do in a context because of them (uprawnienia.md). Operations
/// take effect when they are done (<see cref="EmulatorOptions.PermissionOperationDelay"/>): each read settles those due.
/// </summary>
public sealed class PermissionState(AuthState auth)
{
    public ConcurrentDictionary<string, PermissionGrant> Grants { get; } = new();
    public ConcurrentDictionary<string, PermissionOperation> Operations { get; } = new();

    /// <summary>Contexts (NIP) allowed to send invoices with attachments (/testdata/attachment), with the end of the consent if revoked.</summary>
    public ConcurrentDictionary<string, DateTimeOffset?> AttachmentConsents { get; } = new();

    /// <summary>
    /// A revoked grant leaves every list at once: KSeF answered the official C# client's grant-revoke-search test with
    /// none of the revoked grants, in any state.
    /// </summary>
    public void Revoke(PermissionGrant grant) => Grants.TryRemove(grant.Id, out _);

    /// <summary>Whether the context <paramref name="nip"/> holds the consent to issue invoices with attachments, not revoked.</summary>
    public bool AttachmentsAllowed(string nip) => AttachmentConsents.TryGetValue(nip, out var revoked) && revoked is null;

    /// <summary>All grants, after the operations that are due have taken effect.</summary>
    public IEnumerable<PermissionGrant> Settled()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var operation in Operations.Values.Where(o => !o.Applied && o.ReadyAt <= now).OrderBy(o => o.ReadyAt))
        {
            lock (operation)
            {
                if (!operation.Applied)
                {
                    operation.Apply?.Invoke();
                    operation.Applied = true;
                }
            }
        }
        return Grants.Values;
    }

    /// <summary>
    /// What <paramref name="subject"/> may do in <paramref name="context"/>: Owner when the subject's NIP (or linked
    /// PESEL) is the context's; PefInvoiceWrite for a Peppol provider in its own context; else the person grants in the
    /// context, the entity grants to the subject's entity (its seal, or its owner by the PESEL link), and indirect grants
    /// whose intermediary still holds a delegable entity grant from the context for that permission.
    /// </summary>
    public IReadOnlyList<string> Effective(Identifier subject, Identifier context)
    {
        var contextNip = context.Nip;
        var subjectNip = EntityOf(subject);
        if (subjectNip == contextNip && context.Type is "Nip" or "InternalId")
        {
            return ["Owner"];
        }
        if (subject.Type == "PeppolId" && subject == context)
        {
            // A Peppol provider in its own context sends PEF invoices; whose, each seller's PefInvoicing grant decides.
            return ["PefInvoiceWrite"];
        }
        var active = Settled().ToList();
        var permissions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var grant in active.Where(g => g.Context.Value == context.Value && g.Kind is not (GrantKind.Subunit or GrantKind.EuAdministrator)))
        {
            if (grant.Kind is GrantKind.Person or GrantKind.EuRepresentative && grant.Authorized == subject
                || grant.Kind == GrantKind.Entity && grant.Authorized.Value == subjectNip)
            {
                permissions.Add(grant.Permission);
            }
        }
        foreach (var grant in active.Where(g => g.Kind == GrantKind.Subunit && g.Authorized == subject && g.Target == context))
        {
            permissions.Add(grant.Permission);
        }
        foreach (var grant in active.Where(g => g.Kind == GrantKind.EuAdministrator && g.Authorized == subject && g.Target == context))
        {
            permissions.UnionWith(["VatUeManage", "InvoiceWrite", "InvoiceRead", "Introspection"]);
        }
        foreach (var grant in active.Where(g => g.Kind == GrantKind.Indirect && g.Authorized == subject))
        {
            var forThisClient = grant.Target is { Type: "AllPartners" } || grant.Target?.Value == contextNip;
            if (forThisClient && HoldsDelegable(active, grant.Context.Value, contextNip, grant.Permission))
            {
                permissions.Add(grant.Permission);
            }
        }
        return [.. permissions];
    }

    /// <summary>Whether the entity <paramref name="intermediaryNip"/> holds <paramref name="permission"/> from <paramref name="clientNip"/> (any client when null) with canDelegate.</summary>
    public bool HoldsDelegable(IEnumerable<PermissionGrant> active, string intermediaryNip, string? clientNip, string permission) =>
        active.Any(g => g.Kind == GrantKind.Entity && g.CanDelegate && g.Permission == permission && g.Authorized.Value == intermediaryNip
            && (clientNip is null || g.Context.Value == clientNip));

    /// <summary>
    /// The permissions by which <paramref name="sellerNip"/> authorized <paramref name="contextNip"/> to issue its invoices
    /// (SelfInvoicing, RRInvoicing, TaxRepresentative); none when it did not.
    /// </summary>
    public IReadOnlySet<string> AuthorizationsToIssue(string sellerNip, string contextNip) =>
        Settled().Where(g => g.Kind == GrantKind.Authorization && g.Context.Value == sellerNip && g.Authorized.Value == contextNip
            && g.Permission is "SelfInvoicing" or "RRInvoicing" or "TaxRepresentative").Select(g => g.Permission).ToHashSet();

    /// <summary>Whether <paramref name="sellerNip"/> authorized the Peppol provider <paramref name="peppolId"/> to send its PEF invoices.</summary>
    public bool AuthorizesPef(string sellerNip, string peppolId) =>
        Settled().Any(g => g.Kind == GrantKind.Authorization && g.Context.Value == sellerNip && g.Authorized == new Identifier("PeppolId", peppolId)
            && g.Permission == "PefInvoicing");

    /// <summary>The entity a subject speaks for: its NIP, or the NIP its PESEL is linked to (/testdata/person).</summary>
    public string? EntityOf(Identifier subject) => subject.Type switch
    {
        "Nip" => subject.Value,
        "Pesel" => auth.PeselToNip.GetValueOrDefault(subject.Value),
        _ => null,
    };
}
