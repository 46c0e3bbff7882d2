namespace KsefPS.Core.Invoices.Sending;

/// <summary>
/// A package ready to declare: the plain archive's size and hash, its encrypted parts, and its invoices (read back from
/// disk each time they are enumerated, so that 10,000 of them are never in memory at once).
/// </summary>
public sealed record SealedPackage(long PlainSize, string PlainHash, PackageCompression Compression, IReadOnlyList<EncryptedPart> Parts,
    IEnumerable<PackageEntry> Entries, int EntryCount);
