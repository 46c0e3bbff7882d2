using System.Text.Json.Nodes;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Invoices;

/// <summary>What opening an online or a batch session declares alike: the form code and the encrypted session key.</summary>
public sealed record SessionOpening(InvoiceSchemas.Form Form, string WrappedKey, string InitializationVector, string? PublicKeyId)
{
    /// <summary>The declaration, or null when the form code is none KSeF knows or the encryption lacks a part.</summary>
    public static SessionOpening? Read(JsonObject request)
    {
        var formCode = request.GetObject("formCode");
        var form = InvoiceSchemas.Find(formCode?.Get("systemCode"), formCode?.Get("schemaVersion"), formCode?.Get("value"));
        var encryption = request.GetObject("encryption");
        return form is not null && encryption?.Get("encryptedSymmetricKey") is { } wrappedKey && encryption.Get("initializationVector") is { } iv
            ? new SessionOpening(form, wrappedKey, iv, encryption.Get("publicKeyId"))
            : null;
    }
}
