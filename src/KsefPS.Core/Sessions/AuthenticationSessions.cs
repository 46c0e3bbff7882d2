using KsefPS.Core.Identifiers;

namespace KsefPS.Core.Sessions;

/// <summary>
/// The active authentications of the session's context at KSeF (auth/sesje.md): every one listed, newest first, and one
/// revoked by its reference. Revoking kills that authentication's refresh token; access tokens it already has live
/// until they expire.
/// </summary>
public static class AuthenticationSessions
{
    public static Task<List<KsefAuthenticationSession>> ListAsync(KsefSession session, CancellationToken cancellation, Action<string>? narrate = null) =>
        ContinuationPages.ListAsync(session, "auth/sessions?pageSize=100", "items", item => KsefAuthenticationSession.From(item, session.Context),
            cancellation, narrate);

    public static Task RevokeAsync(KsefSession session, string reference, CancellationToken cancellation) =>
        session.SendAsync(HttpMethod.Delete, "auth/sessions/" + ReferenceNumber.Require(reference), cancellation, idempotent: true);
}
