using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KsefPS.Emulator.Infrastructure;

/// <summary>HS256 JSON Web Tokens, signed with a key made at start-up (clients treat them as opaque, BRIEF §3.8).</summary>
public sealed class Jwt
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Issue(JsonObject claims, DateTimeOffset expires)
    {
        claims["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        claims["exp"] = expires.ToUnixTimeSeconds();
        claims["iss"] = "ksef-emulator";
        claims["aud"] = "ksef-emulator";
        claims["jti"] = Guid.NewGuid().ToString("N");
        var header = Base64Url.Encode(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
        var payload = Base64Url.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = Base64Url.Encode(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(header + "." + payload)));
        return $"{header}.{payload}.{signature}";
    }

    /// <summary>The claims of a well-signed, unexpired token; null otherwise.</summary>
    public JsonObject? Validate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Split('.') is not [var header, var payload, var signature])
        {
            return null;
        }
        var expected = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(header + "." + payload));
        if (Base64Url.Decode(signature) is not { } actual || !CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return null;
        }
        // Signed by this emulator, so well-formed.
        var claims = JsonNode.Parse(Base64Url.Decode(payload)!)?.AsObject();
        var exp = claims?["exp"]?.GetValue<long>();
        return exp is null || DateTimeOffset.FromUnixTimeSeconds(exp.Value) <= DateTimeOffset.UtcNow ? null : claims;
    }
}
