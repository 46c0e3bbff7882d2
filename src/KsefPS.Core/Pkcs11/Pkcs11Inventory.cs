using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace KsefPS.Core.Pkcs11;

/// <summary>What tokens hold: certificates and keys grouped by CKA_ID. Private keys show only after a login.</summary>
public static class Pkcs11Inventory
{
    public static IEnumerable<Pkcs11Object> List(string libraryPath, string? tokenLabel, string? tokenSerial, Pkcs11Pin? pin)
    {
        var who = $"the token in {libraryPath}";
        using var token = Pkcs11Token.Open(libraryPath, tokenLabel, tokenSerial, pin, who);
        return token.Use(session => Objects(session, token, Pkcs11Libraries.ValidPath(libraryPath)), who);
    }

    private static List<Pkcs11Object> Objects(ISession session, Pkcs11Token token, string libraryPath)
    {
        var attributes = token.Factories.ObjectAttributeFactory;
        List<(byte[] Id, string Label, T Value)> Read<T>(CKO objectClass, CKA extra, Func<IObjectAttribute, T> value) =>
            session.FindAllObjects([attributes.Create(CKA.CKA_CLASS, objectClass)])
                .Select(handle => session.GetAttributeValue(handle, [CKA.CKA_ID, CKA.CKA_LABEL, extra]))
                .Select(a => (a[0].GetValueAsByteArray() ?? [], a[1].GetValueAsString() ?? "", value(a[2])))
                .ToList();

        var certificates = Read(CKO.CKO_CERTIFICATE, CKA.CKA_VALUE, a => a.GetValueAsByteArray());
        var privateKeys = Read(CKO.CKO_PRIVATE_KEY, CKA.CKA_KEY_TYPE, a => a.GetValueAsUlong());
        var publicKeys = Read(CKO.CKO_PUBLIC_KEY, CKA.CKA_KEY_TYPE, a => a.GetValueAsUlong());
        var loggedIn = session.GetSessionInfo().State is CKS.CKS_RO_USER_FUNCTIONS or CKS.CKS_RW_USER_FUNCTIONS;

        var ids = certificates.Select(c => c.Id).Concat(privateKeys.Select(k => k.Id)).Concat(publicKeys.Select(k => k.Id))
            .Select(Convert.ToHexString).Distinct().ToList();
        var result = new List<Pkcs11Object>();
        foreach (var id in ids)
        {
            var certificate = certificates.FirstOrDefault(c => Convert.ToHexString(c.Id) == id);
            var privateKey = privateKeys.FirstOrDefault(k => Convert.ToHexString(k.Id) == id);
            var publicKey = publicKeys.FirstOrDefault(k => Convert.ToHexString(k.Id) == id);
            var x509 = certificate.Value is null ? null : new X509Certificate2(certificate.Value);
            var label = privateKey.Label ?? publicKey.Label ?? certificate.Label;
            var keyType = privateKey.Label is not null ? privateKey.Value : publicKey.Label is not null ? publicKey.Value : (ulong?)null;
            result.Add(new Pkcs11Object(libraryPath, token.TokenLabel, token.TokenSerial, id, string.IsNullOrEmpty(label) ? null : label,
                Describe(keyType, x509), loggedIn ? privateKey.Label is not null : privateKey.Label is not null ? true : null, x509));
        }
        return result;
    }

    private static string? Describe(ulong? keyType, X509Certificate2? certificate)
    {
        if (certificate?.GetRSAPublicKey() is { } rsa)
        {
            using (rsa)
            {
                return "RSA-" + rsa.KeySize;
            }
        }
        if (certificate?.GetECDsaPublicKey() is { } ec)
        {
            using (ec)
            {
                return "EC-P" + ec.KeySize;
            }
        }
        return keyType switch
        {
            null => null,
            var t when t == ConvertUtils.UInt64FromCKK(CKK.CKK_RSA) => "RSA",
            var t when t == ConvertUtils.UInt64FromCKK(CKK.CKK_EC) => "EC",
            var t => $"0x{t:X}",
        };
    }
}
