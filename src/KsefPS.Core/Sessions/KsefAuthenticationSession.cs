using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Api.Auth;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Security;
using static KsefPS.Core.Api.AnswerValues;

namespace KsefPS.Core.Sessions;

/// <summary>
/// One active authentication in a context, as KSeF lists it (GET /auth/sessions, auth/sesje.md): who logged in how and
/// when, and how long its refresh token lives. <see cref="IsCurrent"/> marks the one the asking session uses.
/// </summary>
public sealed record KsefAuthenticationSession
{
    public required string ReferenceNumber { get; init; }
    public required bool IsCurrent { get; init; }
    public required ContextIdentifier Context { get; init; }
    public required DateTimeOffset StartDate { get; init; }
    public required AuthenticationMethodInfo Method { get; init; }
    public required int StatusCode { get; init; }
    public required string StatusDescription { get; init; }
    public ReadableList<string> StatusDetails { get; init; } = [];
    public bool? IsTokenRedeemed { get; init; }
    public DateTimeOffset? LastTokenRefreshDate { get; init; }
    public DateTimeOffset? RefreshTokenValidUntil { get; init; }

    public override string ToString() => ReferenceNumber;

    /// <summary>
    /// One item of KSeF's list, read even when a value is new to KsefPS (UPDATES.md): the reference is kept as KSeF wrote
    /// it, quoted, and becomes a URL segment only once it has KSeF's shape (<see cref="AuthenticationSessions.RevokeAsync"/>).
    /// </summary>
    internal static KsefAuthenticationSession From(JsonNode item, ContextIdentifier context)
    {
        var status = item["status"];
        return new KsefAuthenticationSession
        {
            ReferenceNumber = UntrustedText.Quote(Text(item["referenceNumber"])),
            IsCurrent = Flag(item["isCurrent"]) == true,
            Context = context,
            StartDate = Date(item["startDate"]) ?? DateTimeOffset.MinValue,
            Method = AuthenticationMethodInfo.From(item),
            StatusCode = status?["code"] is JsonValue code && code.TryGetValue<int>(out var number) ? number : 0,
            StatusDescription = UntrustedText.Quote(Text(status?["description"]), 200),
            StatusDetails = [.. Items(status?["details"]).Select(d => UntrustedText.Quote(Text(d), 200)).Where(d => d.Length > 0)],
            IsTokenRedeemed = Flag(item["isTokenRedeemed"]),
            LastTokenRefreshDate = Date(item["lastTokenRefreshDate"]),
            RefreshTokenValidUntil = Date(item["refreshTokenValidUntil"]),
        };
    }
}
