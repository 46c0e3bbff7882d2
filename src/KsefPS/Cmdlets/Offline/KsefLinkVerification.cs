namespace KsefPS.Cmdlets.Offline;

/// <summary>What Test-KsefCertificateLink found.</summary>
public sealed record KsefLinkVerification(
    string Url,
    bool SignatureValid,
    bool CertificateSerialMatches,
    bool? HashMatches,
    bool? SellerMatches,
    string CertificateSerial,
    string SellerNip)
{
    public bool Valid => SignatureValid && CertificateSerialMatches && HashMatches != false && SellerMatches != false;
}
