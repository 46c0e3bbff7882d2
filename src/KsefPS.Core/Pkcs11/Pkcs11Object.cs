using System.Security.Cryptography.X509Certificates;

namespace KsefPS.Core.Pkcs11;

/// <summary>One key (or lone certificate) on a token, as Get-KsefPkcs11Certificate shows it; pipes into Add-KsefCertificate.</summary>
public sealed record Pkcs11Object(
    string Pkcs11Library,
    string TokenLabel,
    string TokenSerial,
    string KeyId,
    string? KeyLabel,
    string? KeyType,
    bool? HasPrivateKey,
    X509Certificate2? Certificate)
{
    public string? Subject => Certificate?.Subject;

    public string? Thumbprint => Certificate?.Thumbprint;

    public DateTime? NotAfter => Certificate?.NotAfter;
}
