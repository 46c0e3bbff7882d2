using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Schema;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Emulator.Tests;

/// <summary>
/// Online sessions driven with raw HTTP and our own AES: one session key (and IV) per driver, wrapped for KSeF's
/// published key at opening, every invoice encrypted with it.
/// </summary>
public sealed class OnlineSessionDriver(EmulatorClient client)
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _iv = RandomNumberGenerator.GetBytes(16);

    /// <summary>The answer to opening a session of the form (system code, schema version, value), the key wrapped for KSeF.</summary>
    public EmulatorClient.Answer TryOpen(string access, string systemCode = "FA (3)", string schemaVersion = "1-0E", string value = "FA") =>
        client.Send(HttpMethod.Post, "/v2/sessions/online", bearer: access, json: new JsonObject
        {
            ["formCode"] = new JsonObject { ["systemCode"] = systemCode, ["schemaVersion"] = schemaVersion, ["value"] = value },
            ["encryption"] = client.Encryption(_key, _iv),
        });

    /// <summary>Opens a session of the form; its reference number.</summary>
    public string Open(string access, string systemCode = "FA (3)", string schemaVersion = "1-0E", string value = "FA")
    {
        var opened = TryOpen(access, systemCode, schemaVersion, value);
        Assert.Equal(201, opened.Status);
        return opened.Json!["referenceNumber"]!.GetValue<string>();
    }

    public EmulatorClient.Answer Send(string access, string session, byte[] plain, bool offline = false, string? declaredEncryptedHash = null,
        string? correctedHash = null)
    {
        using var aes = Aes.Create();
        aes.Key = _key;
        var encrypted = aes.EncryptCbc(plain, _iv, PaddingMode.PKCS7);
        return client.Send(HttpMethod.Post, $"/v2/sessions/online/{session}/invoices", bearer: access, json: new JsonObject
        {
            ["invoiceHash"] = Convert.ToBase64String(SHA256.HashData(plain)),
            ["invoiceSize"] = plain.Length,
            ["encryptedInvoiceHash"] = declaredEncryptedHash ?? Convert.ToBase64String(SHA256.HashData(encrypted)),
            ["encryptedInvoiceSize"] = encrypted.Length,
            ["encryptedInvoiceContent"] = Convert.ToBase64String(encrypted),
            ["offlineMode"] = offline,
            ["hashOfCorrectedInvoice"] = correctedHash,
        });
    }

    /// <summary>Throws unless the UPO is valid against the official upo-v4-3.xsd.</summary>
    public static void ValidateUpo(byte[] upo)
    {
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema };
        settings.Schemas.Add("http://upo.schematy.mf.gov.pl/KSeF/v4-3", Repository.Spec("upo", "upo-v4-3.xsd"));
        using var reader = XmlReader.Create(new MemoryStream(upo), settings);
        while (reader.Read())
        {
        }
    }
}
