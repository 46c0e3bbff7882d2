using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Sessions;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>
/// Opens an online or batch session with the session key wrapped for the Ministry's current SymmetricKeyEncryption
/// key (BRIEF §5, §7.2, §7.7), fetched again if KSeF rotated it meanwhile (<see cref="PublicKeys.WithCurrentKeyAsync"/>).
/// </summary>
internal static class SessionOpener
{
    public static Task<JsonNode> OpenAsync(KsefSession session, string route, SessionCipher cipher, Func<JsonObject, JsonObject> body,
        Action<string>? narrate, CancellationToken cancellation) =>
        PublicKeys.WithCurrentKeyAsync(session.Http, PublicKeys.SymmetricKeyEncryption,
            key => OpenWithKeyAsync(session, route, cipher, key, body, narrate, cancellation), narrate, cancellation);

    public static JsonObject Form(FormCode form) =>
        new() { ["systemCode"] = form.SystemCode, ["schemaVersion"] = form.SchemaVersion, ["value"] = form.Value };

    private static async Task<JsonNode> OpenWithKeyAsync(KsefSession session, string route, SessionCipher cipher, PublicKeys.PublicKey key,
        Func<JsonObject, JsonObject> body, Action<string>? narrate, CancellationToken cancellation)
    {
        var (wrapped, iv) = cipher.Wrap(key);
        var encryption = new JsonObject { ["encryptedSymmetricKey"] = wrapped, ["initializationVector"] = iv, ["publicKeyId"] = key.PublicKeyId };
        return RequiredValues.Object(await session.SendAsync(HttpMethod.Post, route, cancellation, body(encryption), narrate: narrate).ConfigureAwait(false));
    }
}
