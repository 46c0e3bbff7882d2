using KsefPS.Core.Api;
using KsefPS.Core.Certificates;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Peppol;
using KsefPS.Core.Sessions;
using KsefPS.Core.Tests.Sessions;
using KsefPS.Testing;

namespace KsefPS.Core.Tests.Peppol;

public sealed class PeppolProviderTests(EngineEmulatorFixture fixture) : IClassFixture<EngineEmulatorFixture>
{
    private static KeyedCertificate ProviderSeal(string peppolId) =>
        TestCertificateFactory.Create(new TestCertificateRequest { OrganizationName = "Dostawca " + peppolId, PeppolId = peppolId });

    private static async Task<KsefSession> LogInAsProviderAsync(EmulatorProcess emulator, string peppolId)
    {
        using var seal = ProviderSeal(peppolId);
        return await EngineEmulatorFixture.ConnectAsync(emulator, seal, ContextIdentifier.Create(ContextIdentifierType.PeppolId, peppolId));
    }

    private static async Task<List<PeppolProvider>> ListAsync(IAsyncEnumerable<PeppolProvider> providers)
    {
        var all = new List<PeppolProvider>();
        await foreach (var provider in providers)
        {
            all.Add(provider);
        }
        return all;
    }

    [Fact]
    public async Task A_provider_logs_in_to_its_own_context_with_its_seal_and_is_then_on_KSeFs_public_list()
    {
        var id = PeppolId.NewRandom();
        var session = await LogInAsProviderAsync(fixture.Emulator, id);
        Assert.Equal($"PeppolId:{id}", session.Context.ToString());
        Assert.Equal("PeppolSignature", session.AuthenticationMethod);

        var anonymous = new KsefHttpClient(fixture.Emulator.Url, new KsefApiOptions());
        var provider = Assert.Single(await ListAsync(PeppolProviders.ListAsync(anonymous, CancellationToken.None)), p => p.PeppolId == id);
        Assert.Equal("Dostawca " + id, provider.Name);
        Assert.True(provider.Valid);
        Assert.NotNull(provider.DateCreated);
        Assert.Contains(await ListAsync(PeppolProviders.ListAsync(session, CancellationToken.None)), p => p.PeppolId == id);
    }

    [Fact]
    public async Task The_list_is_read_to_its_end_across_pages_of_a_hundred()
    {
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false");
        var ids = new HashSet<string>();
        while (ids.Count < 101)
        {
            ids.Add(PeppolId.NewRandom());
        }
        foreach (var id in ids)
        {
            await LogInAsProviderAsync(emulator, id);
        }
        var listed = await ListAsync(PeppolProviders.ListAsync(new KsefHttpClient(emulator.Url, new KsefApiOptions()), CancellationToken.None));
        Assert.Equal(ids.Order(), listed.Select(p => p.PeppolId).Order());
    }
}
