namespace KsefPS.Core.Certificates;

/// <summary>What a self-signed test certificate should say about its subject (BRIEF §2.2).</summary>
public sealed record TestCertificateRequest
{
    public string? GivenName { get; init; }
    public string? Surname { get; init; }
    public string? Nip { get; init; }
    public string? Pesel { get; init; }
    public string? OrganizationName { get; init; }
    public string? CommonName { get; init; }

    /// <summary>A Peppol service provider's seal: its id is the common name and the organizationIdentifier (BRIEF §2.2).</summary>
    public string? PeppolId { get; init; }
    public KeyAlgorithm KeyAlgorithm { get; init; } = KeyAlgorithm.EcP256;
    public CertificateUsage Usage { get; init; } = CertificateUsage.Authentication;
    public int ValidDays { get; init; } = 730;

    public bool IsSeal => OrganizationName is not null;
}
