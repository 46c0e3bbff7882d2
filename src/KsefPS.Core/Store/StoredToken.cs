using KsefPS.Core.Environments;
using KsefPS.Core.Identifiers;

namespace KsefPS.Core.Store;

/// <summary>A KSeF token kept in the store: its public description. The token itself stays sealed.</summary>
public sealed record StoredToken(
    Guid Id,
    string Name,
    KsefEnvironment Environment,
    Uri ApiUrl,
    ContextIdentifier Context,
    string ReferenceNumber,
    string Description,
    IReadOnlyList<string> Permissions,
    DateTimeOffset Added,
    string StorePath)
{
    public override string ToString() => Name;
}
