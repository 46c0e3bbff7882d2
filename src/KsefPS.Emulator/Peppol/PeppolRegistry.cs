using System.Collections.Concurrent;

namespace KsefPS.Emulator.Peppol;

/// <summary>
/// Peppol service providers KSeF knows: each is registered by its first authentication with its own certificate in its
/// PeppolId context (api-changelog 2.0.0 RC5), and listed by <c>GET /v2/peppol/query</c>.
/// </summary>
public sealed class PeppolRegistry
{
    private readonly ConcurrentDictionary<string, PeppolProvider> _providers = new(StringComparer.Ordinal);

    /// <summary>Registers the provider unless it already is; its name and registration date stay those of the first time.</summary>
    public void Register(string id, string name) => _providers.TryAdd(id, new PeppolProvider(id, name, DateTimeOffset.UtcNow));

    /// <summary>In KSeF's order for the list: newest registration first, then by id.</summary>
    public IReadOnlyList<PeppolProvider> Listed() =>
        [.. _providers.Values.OrderByDescending(p => p.DateCreated).ThenBy(p => p.Id, StringComparer.Ordinal)];
}
