using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KsefPS.Emulator.Auth;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Certificates;

/// <summary>/v2/certificates/*: limits, enrollment data, CSR enrollment, status, retrieval, query and revocation (BRIEF §6).</summary>
public sealed partial class CertificateEndpoints(EmulatorOptions options, AuthState auth, CertificateState state, TestCertificationAuthority authority, Jwt jwt)
{
    private static readonly Dictionary<string, string> DataNames = new()
    {
        ["2.5.4.3"] = "commonName", ["2.5.4.6"] = "countryName", ["2.5.4.42"] = "givenName", ["2.5.4.4"] = "surname",
        ["2.5.4.5"] = "serialNumber", ["2.5.4.45"] = "uniqueIdentifier", ["2.5.4.10"] = "organizationName", ["2.5.4.97"] = "organizationIdentifier",
    };

    [GeneratedRegex(@"^[a-zA-Z0-9_\-\ ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]+$")]
    private static partial Regex CertificateName();

    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<CertificateEndpoints>(app.Services);
        app.MapGet("/v2/certificates/limits", endpoints.Limits);
        app.MapGet("/v2/certificates/enrollments/data", endpoints.EnrollmentData);
        app.MapPost("/v2/certificates/enrollments", endpoints.Enroll);
        app.MapGet("/v2/certificates/enrollments/{referenceNumber}", endpoints.EnrollmentStatus);
        app.MapPost("/v2/certificates/retrieve", endpoints.Retrieve);
        app.MapPost("/v2/certificates/query", endpoints.Query);
        app.MapPost("/v2/certificates/{certificateSerialNumber}/revoke", endpoints.Revoke);
        app.MapPost("/v2/testdata/limits/subject/certificate", endpoints.SetTestLimits);
        app.MapDelete("/v2/testdata/limits/subject/certificate", endpoints.ResetTestLimits);
        app.MapPut("/v2/testdata/certificates/{certificateSerialNumber}", endpoints.Shorten);
    }

    /// <summary>
    /// TEST (2.7.0, UPDATES.md; the 2.7.0 OpenAPI document, not the 2.6.0 one kept here): {validTo} moves an issued
    /// certificate's end earlier, to test expiry. It needs the owner's access token; the serial matches ^[0-9A-F]{16}$,
    /// and the new end may not be later than the one in force.
    /// </summary>
    private IResult Shorten(HttpContext http, string certificateSerialNumber, JsonObject request)
    {
        if (AuthEndpoints.AccessClaims(jwt, http) is not { } claims)
        {
            return Errors.Unauthorized(http);
        }
        if (certificateSerialNumber.Length != 16 || !certificateSerialNumber.All(char.IsAsciiHexDigitUpper))
        {
            return Errors.InvalidInput(http, "serialNumber matches ^[0-9A-F]{16}$.");
        }
        if (!state.Issued.TryGetValue(certificateSerialNumber, out var certificate) || certificate.Owner != Access.Subject(claims))
        {
            return CertificateNotFound(http, certificateSerialNumber);
        }
        if (!DateTimeOffset.TryParse(request.Get("validTo"), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var validTo)
            || validTo > certificate.ValidTo || validTo < new DateTimeOffset(certificate.Certificate.NotBefore.ToUniversalTime()))
        {
            return Errors.InvalidInput(http, "validTo must be a date between the certificate's validFrom and its current validTo.");
        }
        certificate.ShortenedTo = validTo;
        return Results.Ok();
    }

    private static IResult CertificateNotFound(HttpContext http, string serialNumber) =>
        Errors.BadRequest(http, 25008, "Certyfikat o podanym numerze seryjnym nie istnieje.", serialNumber);

    // The authenticated subject and how it logged in, or an error to answer with.
    private (AuthOperation? Operation, IResult? Error) Caller(HttpContext http, int tokenCode)
    {
        if (AuthEndpoints.AccessClaims(jwt, http) is not { } claims || !auth.Operations.TryGetValue(claims["arn"]!.GetValue<string>(), out var operation))
        {
            return (null, Errors.Unauthorized(http));
        }
        return operation.Method == "Token"
            ? (null, Errors.BadRequest(http, tokenCode, "Operacja niedostępna dla bieżącej metody uwierzytelnienia.", "Not available to subjects authenticated with a KSeF token."))
            : (operation, null);
    }


    private IResult Limits(HttpContext http)
    {
        if (AuthEndpoints.AccessClaims(jwt, http) is not { } claims || !auth.Operations.TryGetValue(claims["arn"]!.GetValue<string>(), out var operation))
        {
            return Errors.Unauthorized(http);
        }
        var (enrollments, certificates) = state.LimitsFor(operation.Subject);
        var enrollmentsLeft = Math.Max(0, enrollments - state.EnrollmentsOf(operation.Subject));
        var certificatesLeft = Math.Max(0, certificates - state.ActiveCertificatesOf(operation.Subject));
        return Results.Json(new JsonObject
        {
            ["canRequest"] = enrollmentsLeft > 0 && certificatesLeft > 0,
            ["enrollment"] = new JsonObject { ["remaining"] = enrollmentsLeft, ["limit"] = enrollments },
            ["certificate"] = new JsonObject { ["remaining"] = certificatesLeft, ["limit"] = certificates },
        });
    }

    private IResult EnrollmentData(HttpContext http)
    {
        var (operation, error) = Caller(http, 25001);
        if (error is not null)
        {
            return error;
        }
        var data = new JsonObject();
        foreach (var (oid, value) in operation!.SubjectAttributes)
        {
            if (DataNames.TryGetValue(oid, out var name) && !data.ContainsKey(name))
            {
                data[name] = value;
            }
        }
        return Results.Json(data);
    }

    private IResult Enroll(HttpContext http, JsonObject request)
    {
        var (operation, error) = Caller(http, 25002);
        if (error is not null)
        {
            return error;
        }
        var name = request.Get("certificateName") ?? "";
        var type = request.Get("certificateType") ?? "";
        if (name.Length is < 5 or > 100 || !CertificateName().IsMatch(name) || type is not ("Authentication" or "Offline"))
        {
            return Errors.InvalidInput(http, "certificateName (5-100 allowed characters) and certificateType (Authentication|Offline) are required.");
        }
        var (maxEnrollments, maxCertificates) = state.LimitsFor(operation!.Subject);
        if (state.EnrollmentsOf(operation.Subject) >= maxEnrollments)
        {
            return Errors.BadRequest(http, 25006, "Osiągnięto limit możliwych do złożenia wniosków certyfikacyjnych.");
        }
        if (state.ActiveCertificatesOf(operation.Subject) >= maxCertificates)
        {
            return Errors.BadRequest(http, 25007, "Osiągnięto limit dopuszczalnej liczby posiadanych certyfikatów.");
        }
        CertificateRequest csr;
        try
        {
            csr = CertificateRequest.LoadSigningRequest(Convert.FromBase64String(request.Get("csr") ?? ""), HashAlgorithmName.SHA256,
                CertificateRequestLoadOptions.Default, RSASignaturePadding.Pkcs1);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return Errors.BadRequest(http, 25004, "Niepoprawny format CSR lub niepoprawny podpis CSR.", e.Message);
        }
        if (KeyProblem(csr) is { } keyProblem)
        {
            return Errors.BadRequest(http, 25010, "Nieprawidłowy typ lub długość klucza.", keyProblem);
        }
        var expected = operation.SubjectAttributes.Where(a => DataNames.ContainsKey(a.Oid)).OrderBy(a => a).ToList();
        var actual = csr.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false)
            .Select(r => (r.GetSingleElementType().Value ?? "", r.GetSingleElementValue() ?? "")).OrderBy(a => a).ToList();
        if (!expected.SequenceEqual(actual))
        {
            return Errors.BadRequest(http, 25003, "Dane w CSR nie są zgodne z danymi uwierzytelnienia.",
                $"Expected subject attributes {string.Join(", ", expected)}; the CSR has {string.Join(", ", actual)}.");
        }
        var validFrom = request.Get("validFrom") is { } from ? DateTimeOffset.Parse(from) : DateTimeOffset.UtcNow;
        var publicKey = csr.PublicKey.ExportSubjectPublicKeyInfo();
        var alreadyCertifiedByOther = state.Issued.Values.Any(c => c.Owner != operation.Subject
            && c.Certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(publicKey));

        var now = DateTimeOffset.UtcNow;
        string? serial = null;
        if (!alreadyCertifiedByOther)
        {
            var certificate = authority.Issue(csr, type, validFrom);
            serial = certificate.SerialNumber.TrimStart('0').PadLeft(16, '0');
            state.Issued[serial] = new IssuedCertificate
            {
                SerialNumber = serial, Name = name, Type = type, Certificate = certificate, Owner = operation.Subject, RequestDate = now,
            };
        }
        var enrollment = new Enrollment
        {
            ReferenceNumber = ReferenceNumbers.New("EH"),
            RequestDate = now,
            ReadyAt = now + options.EnrollmentProcessingDelay,
            Owner = operation.Subject,
            SerialNumber = serial,
            FinalCode = serial is null ? 400 : 200,
            FinalDescription = serial is null ? "Wniosek odrzucony" : "Wniosek obsłużony (certyfikat wygenerowany)",
            FinalDetails = serial is null ? ["Klucz publiczny został już certyfikowany przez inny podmiot."] : [],
        };
        state.Enrollments[enrollment.ReferenceNumber] = enrollment;
        return Results.Json(new JsonObject { ["referenceNumber"] = enrollment.ReferenceNumber, ["timestamp"] = now.ToString("O") }, statusCode: 202);
    }

    private IResult EnrollmentStatus(HttpContext http, string referenceNumber)
    {
        var (operation, error) = Caller(http, 25001);
        if (error is not null)
        {
            return error;
        }
        if (!state.Enrollments.TryGetValue(referenceNumber, out var enrollment) || enrollment.Owner != operation!.Subject)
        {
            return Errors.BadRequest(http, 25005, "Nie znaleziono wniosku certyfikacyjnego.", referenceNumber);
        }
        if (DateTimeOffset.UtcNow - enrollment.RequestDate > options.EnrollmentStatusRetention)
        {
            return Errors.Gone(http, "Status wniosku certyfikacyjnego wygasł i nie jest już dostępny.");
        }
        var ready = DateTimeOffset.UtcNow >= enrollment.ReadyAt;
        var status = ready
            ? new JsonObject { ["code"] = enrollment.FinalCode, ["description"] = enrollment.FinalDescription }
            : new JsonObject { ["code"] = 100, ["description"] = "Wniosek przyjęty do realizacji" };
        if (ready && enrollment.FinalDetails.Length > 0)
        {
            status["details"] = new JsonArray(enrollment.FinalDetails.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray());
        }
        var json = new JsonObject { ["requestDate"] = enrollment.RequestDate.ToString("O"), ["status"] = status };
        if (ready && enrollment.SerialNumber is not null)
        {
            json["certificateSerialNumber"] = enrollment.SerialNumber;
        }
        return Results.Json(json);
    }

    private IResult Retrieve(HttpContext http, JsonObject request)
    {
        var (operation, error) = Caller(http, 25001);
        if (error is not null)
        {
            return error;
        }
        var serials = request.GetStrings("certificateSerialNumbers");
        if (serials.Count is < 1 or > 10)
        {
            return Errors.InvalidInput(http, "Give 1 to 10 certificate serial numbers.");
        }
        var found = serials.Select(s => state.Issued.GetValueOrDefault(s)).Where(c => c is not null && c.Owner == operation!.Subject)
            .Select(c => (JsonNode)new JsonObject
            {
                ["certificate"] = Convert.ToBase64String(c!.Certificate.RawData),
                ["certificateName"] = c.Name,
                ["certificateSerialNumber"] = c.SerialNumber,
                ["certificateType"] = c.Type,
            }).ToArray();
        return Results.Json(new JsonObject { ["certificates"] = new JsonArray(found) });
    }

    private IResult Query(HttpContext http, JsonObject? request)
    {
        if (AuthEndpoints.AccessClaims(jwt, http) is not { } claims || !auth.Operations.TryGetValue(claims["arn"]!.GetValue<string>(), out var operation))
        {
            return Errors.Unauthorized(http);
        }
        if (OffsetPaging.Read(http, maxSize: 50, out var paging) is { } badPage)
        {
            return badPage;
        }
        var now = DateTimeOffset.UtcNow;
        var filter = request ?? new JsonObject();
        var expiresAfter = DateTimeOffset.MinValue;
        if (filter.Get("expiresAfter") is { } after && !DateTimeOffset.TryParse(after, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out expiresAfter))
        {
            return Errors.InvalidInput(http, $"'expiresAfter' is not a date and time: {after}.");
        }
        var matches = state.Issued.Values
            .Where(c => c.Owner == operation.Subject)
            .Where(c => filter.Get("certificateSerialNumber") is not { } serial || c.SerialNumber == serial)
            .Where(c => filter.Get("name") is not { } part || c.Name.Contains(part, StringComparison.OrdinalIgnoreCase))
            .Where(c => filter.Get("type") is not { } type || c.Type == type)
            .Where(c => filter.Get("status") is not { } status || c.StatusAt(now) == status)
            .Where(c => c.ValidTo > expiresAfter)
            .OrderByDescending(c => c.RequestDate)
            .ToList();
        var page = paging.Of(matches).Select(c =>
        {
            var item = new JsonObject
            {
                ["certificateSerialNumber"] = c.SerialNumber,
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["commonName"] = c.Certificate.GetNameInfo(X509NameType.SimpleName, false),
                ["status"] = c.StatusAt(now),
                ["subjectIdentifier"] = new JsonObject { ["type"] = c.Owner.Type, ["value"] = c.Owner.Value },
                ["validFrom"] = new DateTimeOffset(c.Certificate.NotBefore.ToUniversalTime()).ToString("O"),
                ["validTo"] = c.ValidTo.ToString("O"),
                ["requestDate"] = c.RequestDate.ToString("O"),
            };
            if (c.LastUse is { } used)
            {
                item["lastUseDate"] = used.ToString("O");
            }
            return (JsonNode)item;
        }).ToArray();
        return Results.Json(new JsonObject { ["certificates"] = new JsonArray(page), ["hasMore"] = paging.HasMore(matches.Count) });
    }

    private IResult Revoke(HttpContext http, string certificateSerialNumber, JsonObject? request)
    {
        var (operation, error) = Caller(http, 25002);
        if (error is not null)
        {
            return error;
        }
        if (!state.Issued.TryGetValue(certificateSerialNumber, out var certificate) || certificate.Owner != operation!.Subject)
        {
            return CertificateNotFound(http, certificateSerialNumber);
        }
        lock (certificate)
        {
            if (certificate.StatusAt(DateTimeOffset.UtcNow) != "Active")
            {
                return Errors.BadRequest(http, 25009, "Certyfikat jest już unieważniony, zablokowany lub nieważny.", certificateSerialNumber);
            }
            certificate.Revoked = DateTimeOffset.UtcNow;
            certificate.RevocationReason = request?.Get("revocationReason") ?? "Unspecified";
        }
        return Results.NoContent();
    }

    private IResult SetTestLimits(HttpContext http, JsonObject request)
    {
        if (AuthEndpoints.AccessClaims(jwt, http) is not { } claims)
        {
            return Errors.Unauthorized(http);
        }
        var subject = Access.Subject(claims);
        var type = request.Get("subjectIdentifierType");
        var (certificate, enrollment) = (request.GetObject("certificate"), request.GetObject("enrollment"));
        var (certificates, enrollments) = (certificate?.GetNumber("maxCertificates"), enrollment?.GetNumber("maxEnrollments"));
        if (certificates is null && certificate?.Property("maxCertificates") is not null || enrollments is null && enrollment?.Property("maxEnrollments") is not null)
        {
            return Errors.InvalidInput(http, "maxCertificates and maxEnrollments are whole numbers.");
        }
        if (type is not (null or "Nip" or "Pesel" or "Fingerprint") || certificates < 0 || enrollments < 0)
        {
            return Errors.InvalidInput(http, "subjectIdentifierType: Nip, Pesel or Fingerprint; limits of 0 or more.");
        }
        var current = state.LimitsFor(subject);
        state.Limits[subject] = (enrollments ?? current.Enrollments, certificates ?? current.Certificates);
        return Results.Ok();
    }

    private IResult ResetTestLimits(HttpContext http)
    {
        if (AuthEndpoints.AccessClaims(jwt, http) is not { } claims)
        {
            return Errors.Unauthorized(http);
        }
        state.Limits.TryRemove(Access.Subject(claims), out _);
        return Results.Ok();
    }

    private static string? KeyProblem(CertificateRequest csr)
    {
        var algorithm = csr.PublicKey.Oid.Value;
        if (algorithm == "1.2.840.113549.1.1.1")
        {
            using var rsa = csr.PublicKey.GetRSAPublicKey()!;
            return rsa.KeySize == 2048 ? null : $"RSA keys must have exactly 2048 bits, not {rsa.KeySize}.";
        }
        if (algorithm == "1.2.840.10045.2.1")
        {
            using var ec = csr.PublicKey.GetECDsaPublicKey()!;
            return ec.KeySize == 256 ? null : $"EC keys must be on P-256, not a {ec.KeySize}-bit curve.";
        }
        return $"Key algorithm {algorithm} is not accepted; use RSA-2048 or EC P-256.";
    }
}
