using System.Text.Json.Nodes;
using KsefPS.Core.Api.Auth;

namespace KsefPS.Core.Tests.Sessions;

/// <summary>authenticationMethodInfo is what KsefPS reads; the deprecated authenticationMethod may come or not (UPDATES.md).</summary>
public sealed class AuthenticationMethodInfoTests
{
    [Theory]
    // KSeF after 2026-11-16: the info alone
    [InlineData("""{"authenticationMethodInfo":{"category":"XadesSignature","code":"xades.qualified-seal","displayName":"Pieczęć kwalifikowana"}}""",
        "QualifiedSeal", "XadesSignature", "Pieczęć kwalifikowana")]
    // a method KsefPS cannot name: KSeF's display name, the category as written
    [InlineData("""{"authenticationMethodInfo":{"category":"EudiWallet","code":"eudi.wallet","displayName":"Portfel EUDI"}}""",
        "Portfel EUDI", "EudiWallet", "Portfel EUDI")]
    [InlineData("""{"authenticationMethodInfo":{"category":"Token","code":"token.other","displayName":"Token"}}""", "Token", "Token", "Token")]
    // both, while KSeF still sends the older one
    [InlineData("""{"authenticationMethod":"TrustedProfile","authenticationMethodInfo":{"category":"NationalNode","code":"wk.profil-zaufany","displayName":"Profil Zaufany"}}""",
        "TrustedProfile", "NationalNode", "Profil Zaufany")]
    // KSeF before 2.1.0: the enumeration alone
    [InlineData("""{"authenticationMethod":"Token"}""", "Token", "Token", "Token")]
    public void The_method_is_read_from_the_info_and_named(string status, string name, string category, string displayName)
    {
        var method = AuthenticationMethodInfo.From(JsonNode.Parse(status)!);

        Assert.Equal((name, category, displayName), (method.Name, method.Category, method.DisplayName));
    }
}
