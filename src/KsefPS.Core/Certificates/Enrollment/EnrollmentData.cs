using System.Text.Json.Nodes;
using KsefPS.Core.Api;

namespace KsefPS.Core.Certificates.Enrollment;

/// <summary>The subject KSeF will certify (BRIEF §6.2): taken from the certificate the session authenticated with.</summary>
public sealed record EnrollmentData(
    string CommonName,
    string CountryName,
    string? GivenName,
    string? Surname,
    string? SerialNumber,
    string? UniqueIdentifier,
    string? OrganizationName,
    string? OrganizationIdentifier)
{
    public static EnrollmentData FromJson(JsonNode json)
    {
        string? Get(string name) => AnswerValues.Text(json[name]) is { Length: > 0 } value ? value : null;
        return new EnrollmentData(Get("commonName")!, Get("countryName")!, Get("givenName"), Get("surname"), Get("serialNumber"),
            Get("uniqueIdentifier"), Get("organizationName"), Get("organizationIdentifier"));
    }

    /// <summary>(OID, value) pairs of the non-empty attributes, in the official generator's RDN order (BRIEF §6.3).</summary>
    public IReadOnlyList<(string Oid, string Value, bool Printable)> Attributes =>
        new (string Oid, string? Value, bool Printable)[]
        {
            ("2.5.4.3", CommonName, false),
            ("2.5.4.4", Surname, false),
            ("2.5.4.42", GivenName, false),
            ("2.5.4.10", OrganizationName, false),
            ("2.5.4.97", OrganizationIdentifier, false),
            ("2.5.4.6", CountryName, true),
            ("2.5.4.5", SerialNumber, true),
            ("2.5.4.45", UniqueIdentifier, false),
        }.Where(a => !string.IsNullOrEmpty(a.Value)).Select(a => (a.Oid, a.Value!, a.Printable)).ToList();
}
