namespace KsefPS.Core.Certificates;

/// <summary>What KSeF lets a certificate do (BRIEF §2.3): log in, or sign KOD II links of offline invoices.</summary>
public enum CertificateUsage
{
    Authentication,
    Offline,
}
