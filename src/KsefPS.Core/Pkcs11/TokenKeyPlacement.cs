namespace KsefPS.Core.Pkcs11;

/// <summary>
/// A new key pair to be made on a token rather than in this process (Request-KsefCertificate -KeyStorage Pkcs11):
/// the library, the token, its PIN, and whether the PIN is sealed with the entry for unattended use.
/// </summary>
public sealed record TokenKeyPlacement(string LibraryPath, string? TokenLabel, string? TokenSerial, Pkcs11Pin Pin, bool SavePin);
