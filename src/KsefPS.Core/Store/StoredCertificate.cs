using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Identifiers;

namespace KsefPS.Core.Store;

/// <summary>A certificate entry of the store: public data only. The private key stays sealed in the store.</summary>
public sealed class StoredCertificate
{
    public static readonly TimeSpan ExpiringSoonWindow = TimeSpan.FromDays(30);

    private readonly byte[] _der;
    private X509Certificate2? _certificate;

    internal StoredCertificate(Guid id, string name, CertificateUsage usage, KsefEnvironment environment, string thumbprint,
        string fingerprint, string serialNumber, string subject, string issuer, IdentifierType identifierType, string identifier,
        string keyAlgorithm, DateTimeOffset notBefore, DateTimeOffset notAfter, DateTimeOffset added, byte[] der, string storePath,
        DateTimeOffset? revoked = null, string? revocationReason = null, KeySource keySource = KeySource.Store, string? keyReference = null,
        bool pinSaved = false)
    {
        PinSaved = pinSaved;
        KeySource = keySource;
        KeyReference = keyReference;
        Id = id;
        Name = name;
        Usage = usage;
        Environment = environment;
        Thumbprint = thumbprint;
        Fingerprint = fingerprint;
        SerialNumber = serialNumber;
        Subject = subject;
        Issuer = issuer;
        IdentifierType = identifierType;
        Identifier = identifier;
        KeyAlgorithm = keyAlgorithm;
        NotBefore = notBefore;
        NotAfter = notAfter;
        Added = added;
        _der = der;
        StorePath = storePath;
        Revoked = revoked;
        RevocationReason = revocationReason;
    }

    public Guid Id { get; }
    public string Name { get; }
    public CertificateUsage Usage { get; }
    public KsefEnvironment Environment { get; }
    /// <summary>SHA-1 thumbprint, as Windows and the Cert: drive show it.</summary>
    public string Thumbprint { get; }
    /// <summary>SHA-256 of the DER, 64 uppercase hex: what KSeF calls the certificate fingerprint.</summary>
    public string Fingerprint { get; }
    /// <summary>Serial number in uppercase hex without sign padding (BRIEF ambiguity 22).</summary>
    public string SerialNumber { get; }
    public string Subject { get; }
    public string Issuer { get; }
    public IdentifierType IdentifierType { get; }
    public string Identifier { get; }

    /// <summary>Who the certificate names, short: "Nip:5265877635", "Pesel:…", or the fingerprint's start.</summary>
    public string Identity => IdentifierType == IdentifierType.Fingerprint ? "SHA256:" + Identifier[..Math.Min(12, Identifier.Length)] : $"{IdentifierType}:{Identifier}";
    public string KeyAlgorithm { get; }

    /// <summary>Where the private key lives: sealed in this store, or elsewhere (<see cref="KeyReference"/>).</summary>
    public KeySource KeySource { get; }

    /// <summary>
    /// Where to find a key that lives outside the store: "CurrentUser/My/&lt;thumbprint&gt;", or a PKCS#11 URI
    /// ("pkcs11:token=…;id=…;type=private?module-path=…"); null for sealed keys.
    /// </summary>
    public string? KeyReference { get; }

    /// <summary>Whether the PIN of the token is sealed in the store with the entry (Add-KsefCertificate -SavePin).</summary>
    public bool PinSaved { get; }

    /// <summary>Whether the key can be used now: always for sealed keys; for others, what <see cref="ProbeKey"/> found last.</summary>
    public bool KeyReachable { get; private set; } = true;

    /// <summary>Looks whether a key kept outside the store is there now (Get-KsefCertificate shows it).</summary>
    public StoredCertificate ProbeKey()
    {
        KeyReachable = (KeySource, KeyReference) switch
        {
            (KeySource.CertificateStore, { } reference) => OsCertificateStore.IsReachable(reference),
            (KeySource.Pkcs11, { } reference) => TokenReachable(reference),
            _ => KeyReachable,
        };
        return this;
    }

    /// <summary>The library loads and the token is present; the key itself shows only after a login, which needs the PIN.</summary>
    private bool TokenReachable(string reference)
    {
        try
        {
            return Pkcs11.Pkcs11Keys.IsReachable(Pkcs11.Pkcs11KeyReference.Parse(reference, Name), $"'{Name}'");
        }
        catch (Errors.KsefException)
        {
            return false;
        }
    }
    public DateTimeOffset NotBefore { get; }
    public DateTimeOffset NotAfter { get; }
    public DateTimeOffset Added { get; }
    public string StorePath { get; }
    public bool SelfSigned => Subject == Issuer;
    /// <summary>When KsefPS revoked it or learnt from KSeF that it is revoked; null while it is not known to be.</summary>
    public DateTimeOffset? Revoked { get; }
    public string? RevocationReason { get; }

    public CertificateStatus Status => StatusAt(DateTimeOffset.UtcNow);

    public int DaysLeft => (int)Math.Floor((NotAfter - DateTimeOffset.UtcNow).TotalDays);

    /// <summary>The public certificate (no private key).</summary>
    public X509Certificate2 Certificate => _certificate ??= new X509Certificate2(_der);

    internal byte[] Der => _der;

    public CertificateStatus StatusAt(DateTimeOffset now) =>
        Revoked is not null ? CertificateStatus.Revoked
        : now < NotBefore ? CertificateStatus.NotYetValid
        : now > NotAfter ? CertificateStatus.Expired
        : NotAfter - now <= ExpiringSoonWindow ? CertificateStatus.ExpiringSoon
        : CertificateStatus.Valid;

    public override string ToString() => Name;

    /// <summary>Serial number as KSeF prints it: uppercase hex with any DER sign-padding zero byte removed.</summary>
    public static string SerialHex(X509Certificate2 certificate)
    {
        var serial = certificate.SerialNumber;
        while (serial.Length > 2 && serial.StartsWith("00", StringComparison.Ordinal))
        {
            serial = serial[2..];
        }
        return serial.ToUpperInvariant();
    }
}
