namespace KsefPS.Core.Identifiers;

/// <summary>How a certificate identifies its subject to KSeF (BRIEF §2.1).</summary>
public enum IdentifierType
{
    Nip,
    Pesel,
    Fingerprint,
}
