namespace KsefPS.Core.Certificates;

/// <summary>Where the private key of a stored certificate lives.</summary>
public enum KeySource
{
    /// <summary>Sealed in the KsefPS store.</summary>
    Store,

    /// <summary>In the operating system's certificate store, found by thumbprint; KsefPS keeps only the reference.</summary>
    CertificateStore,

    /// <summary>On a PKCS#11 token (smart card, USB token, HSM); KsefPS keeps a PKCS#11 URI and, if asked to, the PIN sealed.</summary>
    Pkcs11,
}
