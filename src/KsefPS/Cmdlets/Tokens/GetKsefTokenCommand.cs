using System.Management.Automation;
using KsefPS.Core.Api.Auth;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Tokens;

[Cmdlet(VerbsCommon.Get, "KsefToken", DefaultParameterSetName = Stored)]
[OutputType(typeof(KsefTokenInfo))]
public sealed class GetKsefTokenCommand : SessionCmdlet
{
    private const string Stored = "Stored";
    private const string FromKsef = "Remote";

    [Parameter(Position = 0, ParameterSetName = Stored)]
    [ArgumentCompleter(typeof(StoredTokenNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>List what KSeF knows in the session's context (including tokens not kept in the store).</summary>
    [Parameter(Mandatory = true, ParameterSetName = FromKsef)]
    public SwitchParameter Remote { get; set; }

    protected override void EndProcessing()
    {
        if (ParameterSetName == Stored)
        {
            using var store = OpenStore();
            var pattern = WildcardPattern.Get(Name ?? "*", WildcardOptions.IgnoreCase);
            foreach (var token in store.ListTokens().Where(t => pattern.IsMatch(t.Name)))
            {
                WriteObject(FromStored(token));
            }
            return;
        }
        var session = RequireSession();
        var response = Terminating(() => RunAsync((_, cancel) => session.SendAsync(HttpMethod.Get, "tokens", cancel, idempotent: true)))!;
        IReadOnlyList<StoredToken> stored;
        using (var store = OpenStore())
        {
            stored = store.ListTokens();
        }
        foreach (var item in response["tokens"]!.AsArray())
        {
            var reference = item!["referenceNumber"]!.GetValue<string>();
            WriteObject(new KsefTokenInfo
            {
                ReferenceNumber = reference,
                Name = stored.FirstOrDefault(t => t.ReferenceNumber == reference)?.Name,
                Context = new ContextIdentifier(Enum.Parse<ContextIdentifierType>(item["contextIdentifier"]!["type"]!.GetValue<string>(), true),
                    item["contextIdentifier"]!["value"]!.GetValue<string>()),
                Description = item["description"]!.GetValue<string>(),
                Permissions = item["requestedPermissions"]!.AsArray().Select(p => p!.GetValue<string>()).ToList(),
                Status = item["status"]!.GetValue<string>(),
                Created = DateTimeOffset.Parse(item["dateCreated"]!.GetValue<string>()),
                LastUsed = item["lastUseDate"] is { } used ? DateTimeOffset.Parse(used.GetValue<string>()) : null,
                Author = $"{item["authorIdentifier"]!["type"]}:{item["authorIdentifier"]!["value"]}",
            });
        }
    }

    internal static KsefTokenInfo FromStored(StoredToken token) => new()
    {
        ReferenceNumber = token.ReferenceNumber,
        Name = token.Name,
        Context = token.Context,
        Description = token.Description,
        Permissions = token.Permissions,
        Created = token.Added,
    };
}
