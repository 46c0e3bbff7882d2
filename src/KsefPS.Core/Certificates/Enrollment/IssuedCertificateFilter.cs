using System.Text.Json.Nodes;

namespace KsefPS.Core.Certificates.Enrollment;

/// <summary>What Get-KsefIssuedCertificate asks KSeF for; every part optional (KSeF matches the name by "contains").</summary>
public sealed record IssuedCertificateFilter(string? Name = null, string? SerialNumber = null, CertificateUsage? Usage = null, IssuedCertificateStatus? Status = null)
{
    internal JsonObject ToJson()
    {
        var json = new JsonObject();
        if (Name is not null)
        {
            json["name"] = Name;
        }
        if (SerialNumber is not null)
        {
            json["certificateSerialNumber"] = SerialNumber.ToUpperInvariant();
        }
        if (Usage is not null)
        {
            json["type"] = Usage.ToString();
        }
        if (Status is not null)
        {
            json["status"] = Status.ToString();
        }
        return json;
    }
}
