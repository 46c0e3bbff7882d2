namespace KsefPS.Core.Certificates;

/// <summary>Where the private key of a stored certificate lives.</summary>
public enum KeySource
{
    /// <summary>Sealed in the KsefPS store.</summary>
    Store,

    /// <summary>In the operating system's certificate store, found by thumbprint; KsefPS keeps only the reference.</summary>
    CertificateStore,
}
