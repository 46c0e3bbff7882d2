using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Invoices;
using KsefPS.Core.Permissions;
using KsefPS.Core.Sessions;
using KsefPS.Core.Tokens;

namespace KsefPS.Core.Tests.Sessions;

/// <summary>
/// An empty list KSeF may leave out of an answer or send as null, though the OpenAPI document requires it: the official
/// Java client's tests read a null list of failed invoices from KSeF. Either is an empty list, not a failed command.
/// </summary>
public sealed class EmptyListTests(EngineEmulatorFixture fixture) : IClassFixture<EngineEmulatorFixture>
{
    private readonly Testing.EmulatorProcess _emulator = fixture.Emulator;

    [Theory]
    [InlineData("\"tokens\":null")]
    [InlineData("\"unknown\":[]")] // the list left out
    public async Task An_empty_list_sent_as_null_or_left_out_is_read_as_empty(string emptyList)
    {
        var nip = Nip.NewRandom();
        var session = await EngineEmulatorFixture.ConnectAsync(_emulator, EngineEmulatorFixture.Personal(nip), EngineEmulatorFixture.Nip(nip));
        _emulator.AddFault(new { pathPrefix = "/v2/tokens", kind = "Rewrite", find = "\"tokens\":[]", replaceWith = emptyList, times = 1 });
        _emulator.AddFault(new { pathPrefix = "/v2/invoices/query/metadata", kind = "Rewrite", find = "\"invoices\":[]", replaceWith = emptyList.Replace("tokens", "invoices"), times = 1 });
        _emulator.AddFault(new { pathPrefix = "/v2/permissions/query/persons/grants", kind = "Rewrite", find = "\"permissions\":[]", replaceWith = emptyList.Replace("tokens", "permissions"), times = 1 });

        Assert.Empty(await KsefTokens.ListAsync(session, [], CancellationToken.None));
        var filter = new InvoiceFilter(SubjectType.Seller, InvoiceDateType.Invoicing, DateTimeOffset.UtcNow.AddDays(-1));
        Assert.Empty(await InvoiceQuery.RunAsync(session, filter, null, CancellationToken.None).ToListAsync());
        var grants = new List<PermissionGrant>();
        await KsefPermissions.ListAsync(session, KsefPermissions.Listing.InCurrentContext, new PermissionFilter(), grants.Add, CancellationToken.None);
        Assert.Empty(grants);
    }

    [Fact]
    public async Task A_list_that_is_not_a_list_is_refused()
    {
        var nip = Nip.NewRandom();
        var session = await EngineEmulatorFixture.ConnectAsync(_emulator, EngineEmulatorFixture.Personal(nip), EngineEmulatorFixture.Nip(nip));
        _emulator.AddFault(new { pathPrefix = "/v2/tokens", kind = "Rewrite", find = "\"tokens\":[]", replaceWith = "\"tokens\":\"none\"", times = 1 });

        var error = await Assert.ThrowsAsync<KsefException>(() => KsefTokens.ListAsync(session, [], CancellationToken.None));
        Assert.Equal(ErrorIds.KsefAnswerInvalid, error.ErrorId);
    }
}
