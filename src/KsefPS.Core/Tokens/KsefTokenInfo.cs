using System.Security;
using KsefPS.Core.Api;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Store;

namespace KsefPS.Core.Tokens;

/// <summary>A KSeF token as KSeF lists it, or as New-KsefToken made it. The token itself, when present, is a SecureString.</summary>
public sealed record KsefTokenInfo
{
    public required string ReferenceNumber { get; init; }
    public string? Name { get; init; }
    public required ContextIdentifier Context { get; init; }
    public required string Description { get; init; }
    public required ReadableList<string> Permissions { get; init; }
    public string? Status { get; init; }
    public DateTimeOffset? Created { get; init; }
    public DateTimeOffset? LastUsed { get; init; }
    public string? Author { get; init; }
    /// <summary>Only from New-KsefToken without -Name: KSeF shows a token once, so keep it.</summary>
    public SecureString? Token { get; init; }
    public bool Stored => Name is not null;

    public override string ToString() => ReferenceNumber;

    /// <summary>A token as the store keeps it (what KSeF last said of it is not there: Get-KsefToken -Remote asks).</summary>
    public static KsefTokenInfo FromStored(StoredToken token) => new()
    {
        ReferenceNumber = token.ReferenceNumber,
        Name = token.Name,
        Context = token.Context,
        Description = token.Description,
        Permissions = ReadableList.From(token.Permissions),
        Created = token.Added,
    };
}
