using KsefPS.Core.Certificates;

namespace KsefPS.Infrastructure;

/// <summary>Accepts the words other KSeF tools use: "Authorization" for Authentication and "Signing" for Offline.</summary>
public sealed class UsageTransformationAttribute : TextTransformationAttribute
{
    protected override object? FromWord(string word) => word switch
    {
        "authorization" or "authorisation" => CertificateUsage.Authentication,
        "signing" or "signature" => CertificateUsage.Offline,
        _ => null,
    };
}
