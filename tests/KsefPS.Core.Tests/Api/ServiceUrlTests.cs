using KsefPS.Core.Api;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Tests.Api;

public sealed class ServiceUrlTests
{
    [Theory]
    [InlineData("https://api.ksef.mf.gov.pl")]
    [InlineData("https://api-latarnia-test.ksef.mf.gov.pl/")]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080/")]
    public void KSeF_s_addresses_and_a_local_emulator_s_are_taken(string address) =>
        Assert.Equal(new Uri(address), ServiceUrl.Require(new Uri(address, UriKind.RelativeOrAbsolute), "KSeF's API address"));

    [Theory]
    [InlineData("ftp://api.ksef.mf.gov.pl")]
    [InlineData("file:///etc/passwd")]
    [InlineData("api/v2")]
    [InlineData("https://user:secret@api.ksef.mf.gov.pl")]
    [InlineData("https://api.ksef.mf.gov.pl/?x=1")]
    [InlineData("https://api.ksef.mf.gov.pl/#top")]
    public void Anything_else_is_UrlInvalid_and_never_called(string address)
    {
        var refused = Assert.Throws<KsefException>(() => ServiceUrl.Require(new Uri(address, UriKind.RelativeOrAbsolute), "KSeF's API address"));

        Assert.Equal(ErrorIds.UrlInvalid, refused.ErrorId);
        Assert.DoesNotContain("secret", refused.Message, StringComparison.Ordinal); // a password in the address is not repeated
        Assert.DoesNotContain("secret", refused.Target?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_for_an_address_that_cannot_be_called_is_not_made()
    {
        var refused = Assert.Throws<KsefException>(() => new KsefHttpClient(new Uri("ftp://api.ksef.mf.gov.pl"), new KsefApiOptions()));

        Assert.Equal(ErrorIds.UrlInvalid, refused.ErrorId);
    }
}
