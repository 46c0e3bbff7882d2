using System.Security;
using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Security;
using KsefPS.Core.Sessions;
using KsefPS.Core.Store;

namespace KsefPS.Core.Tokens;

/// <summary>KSeF tokens of the session's context (BRIEF §4): made, listed and revoked at KSeF.</summary>
public static class KsefTokens
{
    /// <summary>A new token: its reference and the token itself, which KSeF shows this once. The caller disposes it.</summary>
    public static async Task<(string ReferenceNumber, SecureString Token)> CreateAsync(KsefSession session, IReadOnlyList<KsefTokenPermission> permissions,
        string description, Action<string>? narrate, CancellationToken cancellation)
    {
        narrate?.Invoke($"Asking KSeF for a token in {session.Context}.");
        var answer = RequiredValues.Object(await session.SendAsync(HttpMethod.Post, "tokens", cancellation, new JsonObject
        {
            ["permissions"] = new JsonArray(permissions.Select(p => (JsonNode)p.ToString()).ToArray()),
            ["description"] = description,
        }).ConfigureAwait(false));
        var reference = ReferenceNumber.Require(AnswerValues.Text(answer["referenceNumber"]));
        return (reference, SecureStrings.FromString(RequiredValues.Text(answer, "token")));
    }

    /// <summary>Every token KSeF shows this session in the context (all its pages), named where the store keeps it.</summary>
    /// <param name="statuses">Only tokens in these states (KSeF filters them); every state when empty.</param>
    public static Task<List<KsefTokenInfo>> ListAsync(KsefSession session, IReadOnlyList<StoredToken> stored, CancellationToken cancellation,
        IReadOnlyList<string>? statuses = null)
    {
        var filter = string.Concat((statuses ?? []).Select(s => "&status=" + Uri.EscapeDataString(s)));
        return ContinuationPages.ListAsync(session, "tokens?pageSize=100" + filter, "tokens", item => Read(item, session, stored), cancellation);
    }

    /// <summary>One token as KSeF tells it now (GET /tokens/{referenceNumber}).</summary>
    public static async Task<KsefTokenInfo> GetAsync(KsefSession session, string reference, IReadOnlyList<StoredToken> stored, CancellationToken cancellation)
    {
        var answer = await session.SendAsync(HttpMethod.Get, "tokens/" + ReferenceNumber.Require(reference), cancellation, idempotent: true).ConfigureAwait(false);
        return Read(RequiredValues.Object(answer), session, stored);
    }

    /// <summary>The token's status as KSeF tells it (Pending, Active, Revoking, Revoked, Failed, or a value added later).</summary>
    public static async Task<string?> StatusAsync(KsefSession session, string reference, CancellationToken cancellation) =>
        (await GetAsync(session, reference, [], cancellation).ConfigureAwait(false)).Status;

    /// <summary>
    /// A new token is Pending while KSeF activates it and grants its permissions (POST /tokens answers 202), and cannot
    /// log in until then: waits until KSeF says anything else, or <paramref name="timeout"/> passes. The last answer.
    /// </summary>
    public static Task<KsefTokenInfo> WaitWhilePendingAsync(KsefSession session, string reference, IReadOnlyList<StoredToken> stored, TimeSpan timeout,
        CancellationToken cancellation) =>
        StatusPolling.UntilAsync(() => GetAsync(session, reference, stored, cancellation), token => token.Status != "Pending", timeout, cancellation);

    private static KsefTokenInfo Read(JsonNode item, KsefSession session, IReadOnlyList<StoredToken> stored)
    {
        // Kept as KSeF wrote it (quoted); it becomes a URL segment only once it has KSeF's shape (RevokeAsync, GetAsync)
        var reference = UntrustedText.Quote(AnswerValues.Text(item["referenceNumber"]));
        return new KsefTokenInfo
        {
            ReferenceNumber = reference,
            Name = stored.FirstOrDefault(t => t.ReferenceNumber == reference)?.Name,
            // KSeF lists the tokens of the session's context; a context type KsefPS does not know yet is that context still.
            Context = Enum.TryParse<ContextIdentifierType>(AnswerValues.Text(AnswerValues.At(item, "contextIdentifier", "type")), true, out var type)
                && AnswerValues.Text(AnswerValues.At(item, "contextIdentifier", "value")) is { } value ? new ContextIdentifier(type, value) : session.Context,
            Description = RequiredValues.Text(item, "description"),
            Permissions = [.. AnswerValues.Items(item["requestedPermissions"]).Select(AnswerValues.Text).OfType<string>()],
            Status = RequiredValues.Text(item, "status"),
            Created = AnswerValues.Date(item["dateCreated"]),
            LastUsed = AnswerValues.Date(item["lastUseDate"]),
            Author = item["authorIdentifier"] is JsonObject author ? $"{author["type"]}:{author["value"]}" : null,
        };
    }

    public static Task RevokeAsync(KsefSession session, string reference, CancellationToken cancellation) =>
        session.SendAsync(HttpMethod.Delete, "tokens/" + ReferenceNumber.Require(reference), cancellation, idempotent: true);
}
