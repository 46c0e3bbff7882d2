using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Errors;
using KsefPS.Core.Sessions;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>
/// Opens an online or batch session with the session key wrapped for the Ministry's current SymmetricKeyEncryption
/// key (BRIEF §5, §7.2, §7.7). When KSeF rotated that key between our fetch and the open (21470), the key list is
/// fetched again and the open repeated once.
/// </summary>
internal static class SessionOpener
{
    private const int KeyWithdrawn = 21470;

    public static async Task<JsonNode> OpenAsync(KsefSession session, string route, SessionCipher cipher, Func<JsonObject, JsonObject> body,
        Action<string>? narrate, CancellationToken cancellation)
    {
        try
        {
            return await OpenWithCurrentKeyAsync(session, route, cipher, body, narrate, cancellation).ConfigureAwait(false);
        }
        catch (KsefException e) when (e.Server?.FirstCode == KeyWithdrawn)
        {
            narrate?.Invoke("KSeF no longer takes that encryption key; fetching its current keys and opening again.");
            return await OpenWithCurrentKeyAsync(session, route, cipher, body, narrate, cancellation).ConfigureAwait(false);
        }
    }

    public static JsonObject Form(FormCode form) =>
        new() { ["systemCode"] = form.SystemCode, ["schemaVersion"] = form.SchemaVersion, ["value"] = form.Value };

    private static async Task<JsonNode> OpenWithCurrentKeyAsync(KsefSession session, string route, SessionCipher cipher, Func<JsonObject, JsonObject> body,
        Action<string>? narrate, CancellationToken cancellation)
    {
        var key = await PublicKeys.ForUsageAsync(session.Http, PublicKeys.SymmetricKeyEncryption, cancellation).ConfigureAwait(false);
        var (wrapped, iv) = cipher.Wrap(key);
        var encryption = new JsonObject { ["encryptedSymmetricKey"] = wrapped, ["initializationVector"] = iv, ["publicKeyId"] = key.PublicKeyId };
        return RequiredValues.Object(await session.SendAsync(HttpMethod.Post, route, cancellation, body(encryption), narrate: narrate).ConfigureAwait(false));
    }
}
