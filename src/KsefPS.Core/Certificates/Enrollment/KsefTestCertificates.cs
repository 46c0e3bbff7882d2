using System.Globalization;
using System.Text.Json.Nodes;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Permissions;
using KsefPS.Core.Sessions;

namespace KsefPS.Core.Certificates.Enrollment;

/// <summary>
/// KSeF TEST only (API 2.7.0, PUT /testdata/certificates/{serialNumber}): a KSeF certificate of the session's subject
/// ends earlier at KSeF, to test what a script does when one expires. The certificate's own bytes keep their end; KSeF
/// reports and judges the new one. Refused (TestOnly) anywhere but TEST.
/// </summary>
public static class KsefTestCertificates
{
    /// <summary>Moves the end of <paramref name="serialNumber"/> to <paramref name="validTo"/>, which KSeF accepts only if it is not later than the end in force.</summary>
    public static Task ShortenAsync(KsefSession session, string serialNumber, DateTimeOffset validTo, CancellationToken cancellation)
    {
        KsefTestData.RequireTest(session.Environment, session.ApiUrl);
        var serial = KsefCertificateSerial.Require(serialNumber);
        var body = new JsonObject { ["validTo"] = validTo.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture) };
        return session.SendAsync(HttpMethod.Put, $"testdata/certificates/{serial}", cancellation, body, idempotent: true);
    }
}
