namespace KsefPS.Core.Pkcs11;

/// <summary>Where Request-KsefCertificate makes a new key pair.</summary>
public enum KeyStorage
{
    /// <summary>In this process; the key is sealed in the KsefPS store.</summary>
    Store,

    /// <summary>On a PKCS#11 token, as a sensitive, never-extractable key; the store keeps only where it is.</summary>
    Pkcs11,
}
