using System.Globalization;
using System.Text.Json.Nodes;
using KsefPS.Emulator.Auth;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Invoices;

/// <summary>
/// GET /v2/sessions (BRIEF §7.5): the context's online or batch sessions, newest first, with the filters of the OpenAPI
/// document. Introspection and EnforcementOperations (and the owner) see every session of the context; InvoiceWrite
/// only the sessions its own subject opened.
/// </summary>
public sealed class SessionListEndpoint(Jwt jwt, SessionState sessions)
{
    private static readonly string[] AllSessions = ["Owner", "Introspection", "EnforcementOperations"];
    private static readonly string[] Statuses = ["InProgress", "Succeeded", "Failed", "Cancelled"];
    private static readonly string[] SessionTypes = ["Online", "Batch"];

    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<SessionListEndpoint>(app.Services);
        app.MapGet("/v2/sessions", endpoints.List);
    }

    private IResult List(HttpContext http)
    {
        var (claims, context, refusal) = Access.Require(jwt, http, "InvoiceWrite", "Introspection", "EnforcementOperations");
        if (refusal is not null)
        {
            return refusal;
        }
        var query = http.Request.Query;
        // Enumerations in any case, as ASP.NET Core binds them (and as the token list here takes its statuses).
        var type = Canonical(query["sessionType"].ToString(), SessionTypes);
        var statuses = query["statuses"].Select(s => Canonical(s ?? "", Statuses)).ToList();
        if (type is null || statuses.Any(s => s is null)
            || !TryDate(query, "dateCreatedFrom", out var createdFrom) || !TryDate(query, "dateCreatedTo", out var createdTo)
            || !TryDate(query, "dateClosedFrom", out var closedFrom) || !TryDate(query, "dateClosedTo", out var closedTo)
            || !TryDate(query, "dateModifiedFrom", out var modifiedFrom) || !TryDate(query, "dateModifiedTo", out var modifiedTo))
        {
            return Errors.InvalidInput(http,
                "sessionType (Online or Batch) is required; statuses InProgress, Succeeded, Failed, Cancelled; dates in ISO 8601.");
        }
        if (ContinuationPaging.Read(http, maxSize: 1000, out var paging) is { } badPage)
        {
            return badPage;
        }
        var onlyOwn = !Access.Permissions(claims!).Intersect(AllSessions).Any();
        var subject = Access.Subject(claims!).ToString();
        var reference = query["referenceNumber"].ToString();
        var now = DateTimeOffset.UtcNow;
        var selected = sessions.Sessions.Values
            .Where(s => s.Context == context && s.IsBatch == (type == "Batch") && (!onlyOwn || s.Creator == subject))
            .Where(s => reference.Length == 0 || s.ReferenceNumber == reference)
            .Where(s => Within(s.Created, createdFrom, createdTo) && Within(s.Updated, modifiedFrom, modifiedTo))
            .Where(s => closedFrom is null && closedTo is null || s.ClosedAt is { } closed && Within(closed, closedFrom, closedTo))
            .Where(s => statuses.Count == 0 || statuses.Contains(s.CommonStatusAt(now)))
            .OrderByDescending(s => s.Created)
            .ThenBy(s => s.ReferenceNumber, StringComparer.Ordinal)
            .ToList();
        var body = paging.Answer("sessions", selected, s => Describe(s, now));
        return Results.Json(body);
    }

    private static JsonObject Describe(InvoiceSession session, DateTimeOffset now)
    {
        var (code, description) = session.StatusAt(now);
        var invoices = session.Snapshot();
        return new JsonObject
        {
            ["referenceNumber"] = session.ReferenceNumber,
            ["status"] = new JsonObject { ["code"] = code, ["description"] = description },
            ["dateCreated"] = session.Created.ToString("O"),
            ["dateUpdated"] = session.Updated.ToString("O"),
            ["validUntil"] = session.ValidUntil.ToString("O"),
            ["totalInvoiceCount"] = invoices.Count,
            ["successfulInvoiceCount"] = invoices.Count(i => i.CodeAt(now) == 200),
            ["failedInvoiceCount"] = invoices.Count(i => i.CodeAt(now) is not (100 or 150 or 200)),
        };
    }

    private static string? Canonical(string given, string[] names) =>
        names.FirstOrDefault(name => string.Equals(name, given, StringComparison.OrdinalIgnoreCase));

    private static bool Within(DateTimeOffset value, DateTimeOffset? from, DateTimeOffset? to) =>
        (from is null || value >= from) && (to is null || value <= to);

    private static bool TryDate(IQueryCollection query, string name, out DateTimeOffset? value)
    {
        value = null;
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return true;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }
        value = parsed;
        return true;
    }
}
