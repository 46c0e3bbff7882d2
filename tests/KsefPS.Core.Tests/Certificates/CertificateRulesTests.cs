using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Certificates;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Tests.Certificates;

public sealed class CertificateRulesTests
{
    [Fact]
    public void A_refusal_gives_the_validity_in_Gregorian_dates_whatever_the_culture_s_calendar()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var expired = new CertificateRequest("CN=Expired", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 6, 15, 12, 0, 0, TimeSpan.Zero));
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("th-TH"); // the Buddhist era: 2025 is 2568 there
            var refused = Assert.Throws<KsefException>(() => CertificateRules.RequireValidAt(expired, "Expired", DateTimeOffset.UtcNow));

            Assert.Equal(ErrorIds.CertificateRejected, refused.ErrorId);
            Assert.Matches(" to 2025-06-1[56] ", refused.Message); // in local time, a day either side of noon UTC at most
            Assert.DoesNotContain("256", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
