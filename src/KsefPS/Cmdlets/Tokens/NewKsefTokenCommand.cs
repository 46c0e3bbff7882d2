using System.Management.Automation;
using KsefPS.Core.Tokens;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Tokens;

[Cmdlet(VerbsCommon.New, "KsefToken", SupportsShouldProcess = true)]
[OutputType(typeof(KsefTokenInfo))]
public sealed class NewKsefTokenCommand : SessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public KsefTokenPermission[] Permission { get; set; } = [];

    [Parameter(Mandatory = true)]
    [ValidateLength(5, 256)]
    public string Description { get; set; } = "";

    /// <summary>Keep the token, encrypted, in the store under this name (for Connect-Ksef -TokenName).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    protected override void EndProcessing()
    {
        var session = RequireSession();
        if (!ShouldProcess(session.Context.ToString(), $"Create a KSeF token ({string.Join(", ", Permission)})"))
        {
            return;
        }
        var (reference, token) = Terminating(() => RunAsync((narrate, cancel) => KsefTokens.CreateAsync(session, Permission, Description, narrate, cancel)));
        using var _ = token;
        if (Name is not null)
        {
            using var store = OpenStore();
            Terminating(() => WithStoreKey(store, () => store.AddToken(Name, session.Environment, session.ApiUrl, session.Context, reference,
                Description, Permission.Select(p => p.ToString()).ToList(), token)));
            WriteVerbose($"Token {reference} stored encrypted as '{Name}'.");
        }
        WriteObject(new KsefTokenInfo
        {
            ReferenceNumber = reference,
            Name = Name,
            Context = session.Context,
            Description = Description,
            Permissions = Permission.Select(p => p.ToString()).ToList(),
            Status = "Pending",
            Created = DateTimeOffset.UtcNow,
            Token = Name is null ? token.Copy() : null,
        });
    }
}
