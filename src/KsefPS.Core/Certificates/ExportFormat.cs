namespace KsefPS.Core.Certificates;

public enum ExportFormat
{
    /// <summary>The certificate as PEM text.</summary>
    Pem,
    /// <summary>The certificate as DER bytes.</summary>
    Der,
    /// <summary>Certificate and private key as a password-protected PKCS#12 (AES-256, PBKDF2-SHA256).</summary>
    Pfx,
    /// <summary>The private key as PKCS#8 PEM, encrypted when a password is given.</summary>
    Key,
}
