using System.Security.Cryptography;
using System.Text;

namespace KsefPS.Emulator.Invoices;

/// <summary>Pre-signed storage links (BRIEF §7.5, §7.7): used without a token, valid until their expiry.</summary>
public sealed class StorageLinks
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public (string Url, DateTimeOffset Expires) Sign(HttpContext http, string path) => Sign(http, path, DateTimeOffset.UtcNow + Lifetime);

    public (string Url, DateTimeOffset Expires) Sign(HttpContext http, string path, DateTimeOffset expires)
    {
        var seconds = expires.ToUnixTimeSeconds();
        return ($"{http.Request.Scheme}://{http.Request.Host}{path}?se={seconds}&sig={Signature(path, seconds)}", expires);
    }

    public bool Verify(string path, long seconds, string? signature) =>
        DateTimeOffset.FromUnixTimeSeconds(seconds) > DateTimeOffset.UtcNow && signature is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature(path, seconds)), Encoding.ASCII.GetBytes(signature));

    private string Signature(string path, long seconds) =>
        Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{path}|{seconds}")));
}
