using System.Management.Automation;
using System.Security;
using System.Text.Json.Nodes;
using KsefPS.Core.Security;
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
        var body = new JsonObject
        {
            ["permissions"] = new JsonArray(Permission.Select(p => (JsonNode)p.ToString()).ToArray()),
            ["description"] = Description,
        };
        var response = Terminating(() => RunAsync((narrate, cancel) =>
        {
            narrate($"Asking KSeF for a token in {session.Context}.");
            return session.SendAsync(HttpMethod.Post, "tokens", cancel, body);
        }))!;
        var reference = response["referenceNumber"]!.GetValue<string>();
        using var token = SecureStrings.FromString(response["token"]!.GetValue<string>());
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
