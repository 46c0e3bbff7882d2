using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using KsefPS.Emulator.Infrastructure;
using KsefPS.Emulator.Security;

namespace KsefPS.Emulator.Auth;

/// <summary>/v2/auth/*: challenge, XAdES and KSeF-token authentication, status, redeem, refresh, sessions (BRIEF §3–§4).</summary>
public sealed class AuthEndpoints(EmulatorOptions options, AuthState state, Permissions.PermissionState grants, Jwt jwt, MfCertificates keys,
    Certificates.TestCertificationAuthority authority, Certificates.CertificateState issued, Peppol.PeppolRegistry peppol)
{
    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<AuthEndpoints>(app.Services);
        app.MapPost("/v2/auth/challenge", endpoints.Challenge);
        // As a Delegate: a method from HttpContext to a Task would bind as a RequestDelegate, and its answer be dropped.
        app.MapPost("/v2/auth/xades-signature", (Delegate)endpoints.AuthenticateWithXades);
        app.MapPost("/v2/auth/ksef-token", endpoints.AuthenticateWithToken);
        app.MapGet("/v2/auth/{referenceNumber}", endpoints.AuthenticationStatus);
        app.MapPost("/v2/auth/token/redeem", endpoints.RedeemToken);
        app.MapPost("/v2/auth/token/refresh", endpoints.RefreshToken);
        app.MapGet("/v2/auth/sessions", endpoints.ListSessions);
        app.MapDelete("/v2/auth/sessions/current", endpoints.EndCurrentSession);
        app.MapDelete("/v2/auth/sessions/{referenceNumber}", endpoints.EndSession);
        app.MapGet("/v2/security/public-key-certificates", endpoints.PublicKeyCertificates);
    }

    private IResult Challenge(HttpContext http)
    {
        var now = DateTimeOffset.UtcNow;
        var challenge = new Challenge(ReferenceNumbers.New("CR"), now, http.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1");
        state.Challenges[challenge.Value] = challenge;
        return Results.Json(new JsonObject
        {
            ["challenge"] = challenge.Value,
            ["timestamp"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["timestampMs"] = now.ToUnixTimeMilliseconds(),
            ["clientIp"] = challenge.ClientIp,
        });
    }

    private async Task<IResult> AuthenticateWithXades(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        SaveRequest(options, body);
        try
        {
            var verified = XadesVerifier.Verify(body);
            var (challenge, context, subjectType) = ReadRequest(verified.Request);
            UseChallenge(state, options, challenge);
            var provider = context.Type == "PeppolId" && subjectType == "certificateSubject" ? SubjectReader.PeppolProvider(verified.Certificate) : null;
            if (subjectType == "certificateSubject" && (context.Type == "NipVatUe" || context.Type == "PeppolId" && provider?.Id != context.Value))
            {
                throw new AuthRejection(21117, "Nieprawidłowy identyfikator podmiotu dla wskazanego typu kontekstu.", context.Type == "PeppolId"
                    ? "A PeppolId context is entered by the certificate subject only with the provider's own certificate (CN = the Peppol id); otherwise by fingerprint."
                    : $"A {context.Type} context is entered by certificate fingerprint, not by the certificate subject.");
            }
            var subject = subjectType == "certificateFingerprint"
                ? new Identifier("Fingerprint", SubjectReader.Fingerprint(verified.Certificate))
                : provider is not null
                    ? new Identifier("PeppolId", provider.Value.Id)
                    : SubjectReader.FromSubject(verified.Certificate) is { } s
                        ? new Identifier(s.Type, s.Value)
                        : throw new AuthRejection(21115, "Nieprawidłowy certyfikat.", "The certificate subject carries no NIP or PESEL; authenticate by fingerprint.");
            var seal = SubjectReader.FromSubject(verified.Certificate)?.IsSeal ?? false;
            var permissions = grants.Effective(subject, context);
            var (method, code, name) = provider is not null ? ("PeppolSignature", "xades.peppol-signature", "Podpis dostawcy usług Peppol")
                : seal ? ("QualifiedSeal", "xades.qualified-seal", "Pieczęć kwalifikowana")
                : ("QualifiedSignature", "xades.qualified-signature", "Podpis kwalifikowany");
            int? refusal = null;
            string? refusalDetail = null;
            var ksefCertificate = authority.Issued(verified.Certificate);
            if (!ksefCertificate)
            {
                XadesVerifier.CheckValidity(verified.Certificate);
            }
            if (ksefCertificate)
            {
                (method, code, name) = ("InternalCertificate", "xades.ksef-certificate", "Certyfikat KSeF");
                refusalDetail = KsefCertificateRefusal(issued, verified.Certificate);
                refusal = refusalDetail is null ? null : 460;
            }
            var operation = NewOperation(options, context, subject, permissions, method, "XadesSignature", code, name,
                refusal, refusal is null ? null : "Uwierzytelnianie zakończone niepowodzeniem z powodu błędu certyfikatu",
                allowedIps: IpPolicy.FromXml(verified.Request),
                subjectAttributes: verified.Certificate.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false)
                    .Where(r => !r.HasMultipleElements)
                    .Select(r => (r.GetSingleElementType().Value ?? "", r.GetSingleElementValue() ?? "")).ToArray(),
                finalDetails: refusalDetail is null ? null : [refusalDetail]);
            operation.AuthDocumentHash = Convert.ToBase64String(SHA256.HashData(body));
            state.Operations[operation.ReferenceNumber] = operation;
            if (provider is { } registering && operation.FinalCode == 200)
            {
                peppol.Register(registering.Id, registering.Name);
            }
            return InitResponse(jwt, options, operation);
        }
        catch (AuthRejection rejection)
        {
            return Errors.BadRequest(http, rejection.Code, rejection.Message, rejection.Details);
        }
    }

    private IResult AuthenticateWithToken(HttpContext http, JsonObject request)
    {
        try
        {
            var challengeValue = request.Get("challenge") ?? throw new AuthRejection(Errors.InvalidInputCode, Errors.InvalidInputDescription, "challenge is required.");
            var contextNode = request.GetObject("contextIdentifier") ?? throw new AuthRejection(Errors.InvalidInputCode, Errors.InvalidInputDescription, "contextIdentifier is required.");
            var context = new Identifier(contextNode.Get("type") ?? "", contextNode.Get("value") ?? "");
            var keyId = request.Get("publicKeyId");
            if (keyId is not null && keyId != MfCertificates.PublicKeyId(keys.TokenEncryption))
            {
                throw new AuthRejection(21470, $"Klucz o identyfikatorze {keyId} nie jest wspierany.");
            }
            var challenge = UseChallenge(state, options, challengeValue);
            var (tokenText, timestampMs) = Decrypt(keys, request.Get("encryptedToken"));
            var token = state.Tokens.Values.FirstOrDefault(t => CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(t.Secret), Encoding.UTF8.GetBytes(tokenText ?? "")));
            // The details of 450 as the OpenAPI document's status table gives them
            var refusal = token switch
            {
                null => "Nieprawidłowy token",
                _ when token.Context != context => "Nieprawidłowy token",
                _ when timestampMs != challenge.Issued.ToUnixTimeMilliseconds() => "Nieprawidłowy czas tokena",
                // Processing takes AuthProcessingDelay: a token KSeF has activated by then logs in (the official clients
                // authenticate with a token right after making it and wait for 200)
                _ => token.StatusAt(DateTimeOffset.UtcNow + options.AuthProcessingDelay) switch
                {
                    "Revoked" => "Token unieważniony",
                    "Pending" => "Token nieaktywny",
                    _ => null,
                },
            };
            int? code = refusal is null ? null : 450;
            var description = refusal is null ? null : "Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu";
            var permissions = token is null || refusal is not null ? [] : TokenRights(token);
            if (token is not null && refusal is null && permissions.Count > 0)
            {
                token.LastUse = DateTimeOffset.UtcNow;
            }
            // Without a refusal NewOperation decides: 200, or 415 when the token's rights are gone with its author's
            var operation = NewOperation(options, context, token?.Author ?? new Identifier("Token", "unknown"), permissions,
                "Token", "Token", "token.ksef", "Token KSeF", code, description, token?.ReferenceNumber,
                IpPolicy.FromJson(request.GetObject("authorizationPolicy")), finalDetails: refusal is null ? null : [refusal]);
            state.Operations[operation.ReferenceNumber] = operation;
            return InitResponse(jwt, options, operation);
        }
        catch (AuthRejection rejection)
        {
            return Errors.BadRequest(http, rejection.Code, rejection.Message, rejection.Details);
        }
    }

    private IResult AuthenticationStatus(HttpContext http, string referenceNumber)
    {
        var claims = jwt.Validate(Bearer(http));
        if (claims?["typ"]?.GetValue<string>() != "OperationToken")
        {
            return Errors.Unauthorized(http);
        }
        if (!state.Operations.TryGetValue(referenceNumber, out var operation) || claims["arn"]?.GetValue<string>() != referenceNumber)
        {
            return Errors.BadRequest(http, 21304, "Brak uwierzytelnienia.", $"Authentication {referenceNumber} not found.");
        }
        if (DateTimeOffset.UtcNow - operation.StartDate > options.AuthStatusRetention)
        {
            return Errors.Gone(http, "Status uwierzytelnienia wygasł i nie jest już dostępny.");
        }
        return Results.Json(StatusJson(operation, isCurrent: null));
    }

    private IResult RedeemToken(HttpContext http)
    {
        var claims = jwt.Validate(Bearer(http));
        if (claims?["typ"]?.GetValue<string>() != "OperationToken")
        {
            return Errors.Unauthorized(http);
        }
        var reference = claims["arn"]!.GetValue<string>();
        lock (state.Operations)
        {
            if (!state.Operations.TryGetValue(reference, out var operation))
            {
                return Errors.BadRequest(http, 21304, "Brak uwierzytelnienia.");
            }
            // Details as the OpenAPI document's table of 21301 gives them
            var code = operation.StatusAt(DateTimeOffset.UtcNow).Code;
            if (operation.Redeemed || code != 200)
            {
                return Errors.BadRequest(http, 21301, "Brak autoryzacji.", operation.Redeemed
                    ? $"Tokeny dla operacji uwierzytelniania {reference} zostały już pobrane."
                    : $"Status uwierzytelniania ({code}) nie pozwala na pobranie tokenów.");
            }
            operation.Redeemed = true;
            operation.RefreshTokenValidUntil = DateTimeOffset.UtcNow + options.RefreshTokenLifetime;
            var access = AccessToken(jwt, options, operation);
            var refresh = jwt.Issue(new JsonObject { ["typ"] = "RefreshToken", ["arn"] = reference }, operation.RefreshTokenValidUntil.Value);
            return Results.Json(new JsonObject
            {
                ["accessToken"] = access,
                ["refreshToken"] = new JsonObject { ["token"] = refresh, ["validUntil"] = operation.RefreshTokenValidUntil.Value.ToString("O") },
            });
        }
    }

    private IResult RefreshToken(HttpContext http)
    {
        var claims = jwt.Validate(Bearer(http));
        if (claims?["typ"]?.GetValue<string>() != "RefreshToken")
        {
            return Errors.Unauthorized(http);
        }
        if (!state.Operations.TryGetValue(claims["arn"]!.GetValue<string>(), out var operation))
        {
            return Errors.BadRequest(http, 21304, "Brak uwierzytelnienia.");
        }
        var tokenRevoked = operation.KsefTokenReference is { } tokenRef && state.Tokens.TryGetValue(tokenRef, out var token) && token.Revoked;
        if (operation.Revoked || tokenRevoked)
        {
            return Errors.BadRequest(http, 21301, "Brak autoryzacji.", operation.Revoked
                // UPDATES.md's wording, newer than the OpenAPI document's "uwierzytelniania"
                ? $"Status uwierzytelnienia ({operation.StatusAt(DateTimeOffset.UtcNow).Code}) nie pozwala na odświeżenie tokenu dostępowego."
                : "Token KSeF został unieważniony.");
        }
        // The rights are read again: an access token carries those of its moment, so a revoked grant is gone from the next
        // refreshed one (which KSeF still issues; what it may not do is then refused), and an issued one keeps them to its end.
        operation.Permissions = operation.KsefTokenReference is { } used && state.Tokens.TryGetValue(used, out var tokenUsed)
            ? TokenRights(tokenUsed)
            : grants.Effective(operation.Subject, operation.Context);
        operation.LastTokenRefresh = DateTimeOffset.UtcNow;
        return Results.Json(new JsonObject { ["accessToken"] = AccessToken(jwt, options, operation) });
    }

    private IResult ListSessions(HttpContext http)
    {
        if (AccessClaims(jwt, http) is not { } claims)
        {
            return Errors.Unauthorized(http);
        }
        if (ContinuationPaging.Read(http, maxSize: 100, out var paging) is { } badPage)
        {
            return badPage;
        }
        var current = claims["arn"]!.GetValue<string>();
        var context = new Identifier(claims["cit"]!.GetValue<string>(), claims["civ"]!.GetValue<string>());
        var now = DateTimeOffset.UtcNow;
        // Active: redeemed, not revoked, and its refresh token still alive
        var active = state.Operations.Values.Where(o => o.Context == context && o.Redeemed && !o.Revoked && o.RefreshTokenValidUntil > now)
            .OrderByDescending(o => o.StartDate)
            .ThenBy(o => o.ReferenceNumber, StringComparer.Ordinal)
            .ToList();
        return Results.Json(paging.Answer("items", active, o => StatusJson(o, o.ReferenceNumber == current)));
    }

    private IResult EndCurrentSession(HttpContext http)
    {
        var claims = jwt.Validate(Bearer(http));
        if (claims?["typ"]?.GetValue<string>() is not ("ContextToken" or "RefreshToken")
            || !state.Operations.TryGetValue(claims["arn"]!.GetValue<string>(), out var operation))
        {
            return Errors.Unauthorized(http);
        }
        operation.Revoked = true;
        return Results.NoContent();
    }

    private IResult EndSession(HttpContext http, string referenceNumber)
    {
        if (AccessClaims(jwt, http) is not { } claims)
        {
            return Errors.Unauthorized(http);
        }
        var context = new Identifier(claims["cit"]!.GetValue<string>(), claims["civ"]!.GetValue<string>());
        if (!state.Operations.TryGetValue(referenceNumber, out var operation) || operation.Context != context)
        {
            return Errors.BadRequest(http, 21304, "Brak uwierzytelnienia.");
        }
        operation.Revoked = true;
        return Results.NoContent();
    }

    private IResult PublicKeyCertificates() =>
        Results.Json(new JsonArray(keys.All.Select(k => (JsonNode)new JsonObject
        {
            ["certificate"] = Convert.ToBase64String(k.Certificate.RawData),
            ["certificateId"] = Convert.ToBase64String(SHA256.HashData(k.Certificate.RawData)),
            ["publicKeyId"] = MfCertificates.PublicKeyId(k.Certificate),
            ["validFrom"] = new DateTimeOffset(k.Certificate.NotBefore.ToUniversalTime()).ToString("O"),
            ["validTo"] = new DateTimeOffset(k.Certificate.NotAfter.ToUniversalTime()).ToString("O"),
            ["usage"] = new JsonArray(k.Usage),
        }).ToArray()));

    /// <summary>Why a certificate the emulator's authority issued may not log in (status 460), or null when it may.</summary>
    private static string? KsefCertificateRefusal(Certificates.CertificateState issued, X509Certificate2 certificate)
    {
        var serial = certificate.SerialNumber.TrimStart('0').PadLeft(16, '0');
        if (!issued.Issued.TryGetValue(serial, out var known))
        {
            return "Nieprawidłowy certyfikat: unknown KSeF certificate.";
        }
        known.LastUse = DateTimeOffset.UtcNow;
        return known.StatusAt(DateTimeOffset.UtcNow) switch
        {
            "Revoked" => "Certyfikat unieważniony.",
            "Expired" => "Nieprawidłowy certyfikat: expired.",
            _ when known.Type == "Offline" => "Niepoprawny certyfikat: an Offline certificate cannot authenticate.",
            _ => null,
        };
    }

    /// <summary>Claims of a valid access token; null when absent, expired or of another kind.</summary>
    public static JsonObject? AccessClaims(Jwt jwt, HttpContext http)
    {
        var claims = jwt.Validate(Bearer(http));
        return claims?["typ"]?.GetValue<string>() == "ContextToken" ? claims : null;
    }

    public static string? Bearer(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    private static void SaveRequest(EmulatorOptions options, byte[] body)
    {
        if (options.SaveAuthRequestsTo is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMdd-HHmmssfff}-{Guid.NewGuid():N}.xml"), body);
        }
    }

    private static (string Challenge, Identifier Context, string SubjectType) ReadRequest(XmlElement request)
    {
        string? Child(XmlElement parent, string name) => parent.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == name)?.InnerText.Trim();
        var contextElement = request.ChildNodes.OfType<XmlElement>().First(e => e.LocalName == "ContextIdentifier");
        var contextChoice = contextElement.ChildNodes.OfType<XmlElement>().First();
        return (Child(request, "Challenge")!, new Identifier(contextChoice.LocalName, contextChoice.InnerText.Trim()), Child(request, "SubjectIdentifierType")!);
    }

    private static Challenge UseChallenge(AuthState state, EmulatorOptions options, string value)
    {
        lock (state.Challenges)
        {
            if (!state.Challenges.TryGetValue(value, out var challenge))
            {
                throw new AuthRejection(21111, "Nieprawidłowe wyzwanie autoryzacyjne.", "The challenge is unknown.");
            }
            if (challenge.Used)
            {
                throw new AuthRejection(21111, "Nieprawidłowe wyzwanie autoryzacyjne.", "The challenge was already used.");
            }
            if (DateTimeOffset.UtcNow - challenge.Issued > options.ChallengeLifetime)
            {
                throw new AuthRejection(21111, "Nieprawidłowe wyzwanie autoryzacyjne.", "The challenge has expired.");
            }
            challenge.Used = true;
            return challenge;
        }
    }

    private static (string? Token, long TimestampMs) Decrypt(MfCertificates keys, string? encrypted)
    {
        try
        {
            using var rsa = keys.TokenEncryption.GetRSAPrivateKey()!;
            var plain = Encoding.UTF8.GetString(rsa.Decrypt(Convert.FromBase64String(encrypted ?? ""), RSAEncryptionPadding.OaepSHA256));
            var bar = plain.LastIndexOf('|');
            return bar > 0 && long.TryParse(plain[(bar + 1)..], out var ms) ? (plain[..bar], ms) : (null, 0);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return (null, 0);
        }
    }

    private AuthOperation NewOperation(EmulatorOptions options, Identifier context, Identifier subject, IReadOnlyList<string> permissions,
        string method, string category, string code, string displayName, int? finalCode = null, string? finalDescription = null, string? tokenReference = null,
        string[]? allowedIps = null, IReadOnlyList<(string, string)>? subjectAttributes = null, string[]? finalDetails = null)
    {
        var now = DateTimeOffset.UtcNow;
        var allowed = permissions.Count > 0;
        if (finalCode is null && state.BlockedContexts.ContainsKey(context.Value))
        {
            (finalCode, finalDescription, finalDetails) = (480, "Uwierzytelnienie zablokowane", [$"Authentication in the context {context} is blocked (test data)."]);
        }
        return new AuthOperation
        {
            ReferenceNumber = ReferenceNumbers.New("AU"),
            StartDate = now,
            ReadyAt = now + options.AuthProcessingDelay,
            Context = context,
            Subject = subject,
            Method = method,
            MethodCategory = category,
            MethodCode = code,
            MethodDisplayName = displayName,
            Permissions = permissions,
            KsefTokenReference = tokenReference,
            AllowedIps = allowedIps ?? [],
            SubjectAttributes = subjectAttributes ?? [],
            FinalCode = finalCode ?? (allowed ? 200 : 415),
            FinalDescription = finalDescription ?? (allowed ? "Uwierzytelnianie zakończone sukcesem" : "Uwierzytelnianie zakończone niepowodzeniem z powodu braku nadanych uprawnień"),
            FinalDetails = finalDetails ?? (finalCode is null && !allowed ? [$"The subject {subject} has no permissions in the context {context}."] : []),
        };
    }

    private static IResult InitResponse(Jwt jwt, EmulatorOptions options, AuthOperation operation)
    {
        var validUntil = DateTimeOffset.UtcNow + options.OperationTokenLifetime;
        var token = jwt.Issue(new JsonObject { ["typ"] = "OperationToken", ["arn"] = operation.ReferenceNumber }, validUntil);
        return Results.Json(new JsonObject
        {
            ["referenceNumber"] = operation.ReferenceNumber,
            ["authenticationToken"] = new JsonObject { ["token"] = token, ["validUntil"] = validUntil.ToString("O") },
        }, statusCode: 202);
    }

    /// <summary>What a KSeF token may do now: what it was made with, as far as its author still holds it in the context.</summary>
    private IReadOnlyList<string> TokenRights(KsefToken token)
    {
        var author = grants.Effective(token.Author, token.Context);
        return author.Contains("Owner") ? token.Permissions : token.Permissions.Intersect(author).ToList();
    }

    private static JsonObject AccessToken(Jwt jwt, EmulatorOptions options, AuthOperation operation)
    {
        var validUntil = DateTimeOffset.UtcNow + options.AccessTokenLifetime;
        var token = jwt.Issue(new JsonObject
        {
            ["typ"] = "ContextToken",
            ["arn"] = operation.ReferenceNumber,
            ["cit"] = operation.Context.Type,
            ["civ"] = operation.Context.Value,
            ["aum"] = operation.Method,
            // As KSeF's tokens (OpenAPI example, official client): subject details, permissions and roles as JSON text
            ["sud"] = Access.SubjectDetails(operation.Subject),
            ["per"] = new JsonArray(operation.Permissions.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray()).ToJsonString(),
            ["rol"] = new JsonArray(operation.Permissions.Where(p => p == "Owner").Select(p => (JsonNode)JsonValue.Create(p)!).ToArray()).ToJsonString(),
            ["kst"] = operation.KsefTokenReference,
            ["ipp"] = new JsonArray(operation.AllowedIps.Select(ip => (JsonNode)JsonValue.Create(ip)!).ToArray()),
        }, validUntil);
        return new JsonObject { ["token"] = token, ["validUntil"] = validUntil.ToString("O") };
    }

    private JsonObject StatusJson(AuthOperation operation, bool? isCurrent)
    {
        var (code, description, details) = operation.StatusAt(DateTimeOffset.UtcNow);
        var status = new JsonObject { ["code"] = code, ["description"] = description };
        if (details.Length > 0)
        {
            status["details"] = new JsonArray(details.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray());
        }
        var json = new JsonObject
        {
            ["startDate"] = operation.StartDate.ToString("O"),
            ["authenticationMethodInfo"] = new JsonObject
            {
                ["category"] = operation.MethodCategory,
                ["code"] = operation.MethodCode,
                ["displayName"] = operation.MethodDisplayName,
            },
            ["status"] = status,
            ["isTokenRedeemed"] = operation.Redeemed,
        };
        if (options.DeprecatedAuthenticationMethod)
        {
            json["authenticationMethod"] = operation.Method;
        }
        if (operation.LastTokenRefresh is { } refreshed)
        {
            json["lastTokenRefreshDate"] = refreshed.ToString("O");
        }
        if (operation.RefreshTokenValidUntil is { } until)
        {
            json["refreshTokenValidUntil"] = until.ToString("O");
        }
        if (isCurrent is { } current)
        {
            json["referenceNumber"] = operation.ReferenceNumber;
            json["isCurrent"] = current;
        }
        return json;
    }
}
