using System.Text;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Pkcs11;

/// <summary>
/// Where a key on a PKCS#11 token is: the library, the token (label and/or serial) and the key (id and/or label). Kept
/// in the store as a PKCS#11 URI (RFC 7512), e.g. <c>pkcs11:token=KSeF;id=%01%02;type=private?module-path=/usr/lib/softhsm/libsofthsm2.so</c>.
/// </summary>
public sealed record Pkcs11KeyReference
{
    public Pkcs11KeyReference(string libraryPath, string? tokenLabel, string? tokenSerial, byte[]? keyId, string? keyLabel)
    {
        LibraryPath = Pkcs11Libraries.ValidPath(libraryPath);
        TokenLabel = Blank(tokenLabel);
        TokenSerial = Blank(tokenSerial);
        KeyId = keyId is { Length: > 0 } ? keyId : null;
        KeyLabel = Blank(keyLabel);
        if (KeyId is null && KeyLabel is null)
        {
            throw new KsefException(ErrorIds.Pkcs11ReferenceInvalid, KsefErrorKind.InvalidArgument,
                "Name the key on the token: -KeyId or -KeyLabel (Get-KsefPkcs11Certificate lists them).");
        }
    }

    public string LibraryPath { get; }

    public string? TokenLabel { get; }

    public string? TokenSerial { get; }

    public byte[]? KeyId { get; }

    public string? KeyLabel { get; }

    public string KeyIdHex => KeyId is null ? "" : Convert.ToHexString(KeyId);

    /// <summary>The key named for people: "label 'Seal' (id 0A1B) on token 'KSeF'".</summary>
    public string Describe()
    {
        var key = (KeyLabel, KeyId) switch
        {
            ({ } label, { } _) => $"key '{label}' (id {KeyIdHex})",
            ({ } label, null) => $"key '{label}'",
            _ => $"key id {KeyIdHex}",
        };
        var token = TokenLabel ?? (TokenSerial is null ? "the first token" : $"serial {TokenSerial}");
        return $"{key} on token '{token}' ({LibraryPath})";
    }

    /// <summary>The PKCS#11 URI (RFC 7512) of the private key.</summary>
    public string ToUri()
    {
        var path = new List<string>();
        if (TokenLabel is not null)
        {
            path.Add("token=" + Escape(Encoding.UTF8.GetBytes(TokenLabel)));
        }
        if (TokenSerial is not null)
        {
            path.Add("serial=" + Escape(Encoding.UTF8.GetBytes(TokenSerial)));
        }
        if (KeyId is not null)
        {
            path.Add("id=" + string.Concat(KeyId.Select(b => "%" + b.ToString("X2"))));
        }
        if (KeyLabel is not null)
        {
            path.Add("object=" + Escape(Encoding.UTF8.GetBytes(KeyLabel)));
        }
        path.Add("type=private");
        return "pkcs11:" + string.Join(';', path) + "?module-path=" + Escape(Encoding.UTF8.GetBytes(LibraryPath));
    }

    /// <summary>Reads a URI this class wrote; anything else is a store that was altered.</summary>
    public static Pkcs11KeyReference Parse(string uri, string entryName)
    {
        try
        {
            if (!uri.StartsWith("pkcs11:", StringComparison.Ordinal))
            {
                throw new FormatException();
            }
            var parts = uri["pkcs11:".Length..].Split('?', 2);
            var attributes = Pairs(parts[0], ';');
            var query = parts.Length == 2 ? Pairs(parts[1], '&') : [];
            if (attributes.Keys.Except(["token", "serial", "id", "object", "type"]).Any() || query.Keys.Except(["module-path"]).Any()
                || attributes.GetValueOrDefault("type") is { } type && Encoding.UTF8.GetString(type) != "private")
            {
                throw new FormatException();
            }
            string? Text(Dictionary<string, byte[]> from, string key) => from.TryGetValue(key, out var value) ? Encoding.UTF8.GetString(value) : null;
            return new Pkcs11KeyReference(Text(query, "module-path") ?? throw new FormatException(), Text(attributes, "token"),
                Text(attributes, "serial"), attributes.GetValueOrDefault("id"), Text(attributes, "object"));
        }
        catch (Exception e) when (e is FormatException or KsefException or ArgumentException)
        {
            throw new KsefException(ErrorIds.StoreCorrupt, KsefErrorKind.InvalidData,
                $"The entry '{entryName}' has a PKCS#11 key reference KsefPS does not understand; the store was altered.", entryName, e);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static Dictionary<string, byte[]> Pairs(string text, char separator)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var pair in text.Split(separator, StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=');
            if (at <= 0 || !result.TryAdd(pair[..at], Unescape(pair[(at + 1)..])))
            {
                throw new FormatException();
            }
        }
        return result;
    }

    private static string Escape(byte[] value)
    {
        var text = new StringBuilder();
        foreach (var b in value)
        {
            var c = (char)b;
            text.Append(b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "-._~:[]@!$'()*+,/".Contains(c)) ? c.ToString() : "%" + b.ToString("X2"));
        }
        return text.ToString();
    }

    private static byte[] Unescape(string value)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%')
            {
                bytes.Add(i + 2 < value.Length ? Convert.ToByte(value.Substring(i + 1, 2), 16) : throw new FormatException());
                i += 2;
            }
            else
            {
                bytes.Add(value[i] < 0x80 ? (byte)value[i] : throw new FormatException());
            }
        }
        return bytes.ToArray();
    }
}
