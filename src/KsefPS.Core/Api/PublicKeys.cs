using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Api;

/// <summary>The Ministry's encryption certificates (BRIEF §5): for a usage, the one valid now with the latest validFrom.</summary>
public static class PublicKeys
{
    public const string KsefTokenEncryption = "KsefTokenEncryption";
    public const string SymmetricKeyEncryption = "SymmetricKeyEncryption";

    /// <summary>KSeF's answer when the key a request names is unknown or withdrawn.</summary>
    private const int KeyWithdrawn = 21470;

    public sealed record PublicKey(X509Certificate2 Certificate, string PublicKeyId);

    /// <summary>
    /// Runs <paramref name="operation"/> with the current key for <paramref name="usage"/>. When KSeF answers that the
    /// key is withdrawn (21470: it rotated its keys between our fetch and the request), the list is fetched again and
    /// the operation run once more with the key current then, as BRIEF §5 asks of a client.
    /// </summary>
    public static async Task<T> WithCurrentKeyAsync<T>(KsefHttpClient http, string usage, Func<PublicKey, Task<T>> operation,
        Action<string>? narrate, CancellationToken cancellation)
    {
        var key = await ForUsageAsync(http, usage, cancellation).ConfigureAwait(false);
        try
        {
            return await operation(key).ConfigureAwait(false);
        }
        catch (KsefException e) when (e.Server?.FirstCode == KeyWithdrawn)
        {
            narrate?.Invoke($"KSeF no longer takes its {usage} key {key.PublicKeyId}; fetching its current keys and trying again.");
            var current = await ForUsageAsync(http, usage, cancellation).ConfigureAwait(false);
            return await operation(current).ConfigureAwait(false);
        }
    }

    public static async Task<PublicKey> ForUsageAsync(KsefHttpClient http, string usage, CancellationToken cancellation)
    {
        var list = await http.SendAsync(HttpMethod.Get, "security/public-key-certificates", cancellation, idempotent: true).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        var chosen = AnswerValues.Objects(list)
            .Where(k => AnswerValues.Items(k["usage"]).Any(u => AnswerValues.Text(u) == usage))
            .Select(k => (Node: k, From: RequiredValues.Date(k, "validFrom"), To: RequiredValues.Date(k, "validTo")))
            .Where(k => k.From <= now && now <= k.To)
            .OrderByDescending(k => k.From)
            .FirstOrDefault();
        if (chosen.Node is null)
        {
            throw new KsefException(ErrorIds.KsefRequestRejected, KsefErrorKind.ResourceUnavailable,
                $"KSeF publishes no valid {usage} certificate at {http.ApiBase.Host}.");
        }
        var certificate = RequiredValues.Certificate(chosen.Node, "certificate");
        var keyId = Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
        return new PublicKey(certificate, keyId);
    }
}
