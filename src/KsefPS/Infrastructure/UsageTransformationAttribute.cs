using System.Management.Automation;
using KsefPS.Core.Certificates;

namespace KsefPS.Infrastructure;

/// <summary>Accepts the words other KSeF tools use: "Authorization" for Authentication and "Signing" for Offline.</summary>
public sealed class UsageTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        return value is string text
            ? text.Trim().ToLowerInvariant() switch
            {
                "authorization" or "authorisation" => CertificateUsage.Authentication,
                "signing" or "signature" => CertificateUsage.Offline,
                _ => text,
            }
            : value;
    }
}
