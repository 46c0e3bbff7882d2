using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Api;

/// <summary>The Ministry's encryption certificates (BRIEF §5): for a usage, the one valid now with the latest validFrom.</summary>
public static class PublicKeys
{
    public const string KsefTokenEncryption = "KsefTokenEncryption";
    public const string SymmetricKeyEncryption = "SymmetricKeyEncryption";

    public sealed record PublicKey(X509Certificate2 Certificate, string PublicKeyId);

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
