using System.Text.Json.Nodes;
using System.Xml.Linq;
using System.Xml.Schema;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Emulator.Tests;

public class SchemaTests
{
    public static TheoryData<string> DocumentedRequests => new()
    {
        // docs auth/context-identifier-nip.md (BRIEF §3.2)
        """<AuthTokenRequest xmlns="http://ksef.mf.gov.pl/auth/token/2.0"><Challenge>20250604-CR-461EA5B000-537A6BA15D-D7</Challenge><ContextIdentifier><Nip>5265877635</Nip></ContextIdentifier><SubjectIdentifierType>certificateSubject</SubjectIdentifierType></AuthTokenRequest>""",
        // …-internal-id.md, …-nip-vat-ue.md, …-fingerprint.md (BRIEF §11.6), as the official serialiser writes them
        """<?xml version="1.0" encoding="utf-8"?><AuthTokenRequest xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns="http://ksef.mf.gov.pl/auth/token/2.0"><Challenge>20250604-CR-461EA5B000-537A6BA15D-D7</Challenge><ContextIdentifier><InternalId>5265877635-12345</InternalId></ContextIdentifier><SubjectIdentifierType>certificateSubject</SubjectIdentifierType></AuthTokenRequest>""",
        """<AuthTokenRequest xmlns="http://ksef.mf.gov.pl/auth/token/2.0"><Challenge>20250604-CR-461EA5B000-537A6BA15D-D7</Challenge><ContextIdentifier><NipVatUe>5265877635-ATU12345678</NipVatUe></ContextIdentifier><SubjectIdentifierType>certificateFingerprint</SubjectIdentifierType></AuthTokenRequest>""",
        """<AuthTokenRequest xmlns="http://ksef.mf.gov.pl/auth/token/2.0"><Challenge>20250604-CR-461EA5B000-537A6BA15D-D7</Challenge><ContextIdentifier><Nip>5265877635</Nip></ContextIdentifier><SubjectIdentifierType>certificateSubject</SubjectIdentifierType><AuthorizationPolicy><AllowedIps><Ip4Address>192.168.0.1</Ip4Address><Ip4Range>10.0.0.1-10.0.0.9</Ip4Range><Ip4Mask>172.16.0.0/12</Ip4Mask></AllowedIps></AuthorizationPolicy></AuthTokenRequest>""",
    };

    [Theory]
    [MemberData(nameof(DocumentedRequests))]
    public void Documented_requests_validate_against_both_XSDs(string xml)
    {
        Validate(xml, "schemat_auth_v2-0.xsd", "http://ksef.mf.gov.pl/auth/token/2.0");
        Validate(xml.Replace("auth/token/2.0", "auth/token/2.1", StringComparison.Ordinal), "schemat_auth_v2-1.xsd", "http://ksef.mf.gov.pl/auth/token/2.1");
    }

    [Fact]
    public void The_validator_finds_what_does_not_conform()
    {
        var problems = OpenApiValidator.Instance.Validate("POST", "/v2/auth/challenge", 200, "application/json",
            JsonNode.Parse("""{"challenge":"x","timestamp":"yesterday","timestampMs":"soon"}"""));
        Assert.Contains(problems, p => p.Contains("clientIp"));
        Assert.Contains(problems, p => p.Contains("date-time"));
        Assert.Contains(problems, p => p.Contains("integer"));
        Assert.Contains(problems, p => p.Contains("challenge"));
    }

    private static void Validate(string xml, string xsd, string targetNamespace)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(targetNamespace, Repository.Spec("auth", xsd));
        XDocument.Parse(xml).Validate(schemas, (_, e) => throw new XmlSchemaValidationException(e.Message));
    }
}
