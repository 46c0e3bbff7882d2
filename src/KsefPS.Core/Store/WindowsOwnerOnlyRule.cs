namespace KsefPS.Core.Store;

/// <summary>
/// The owner-only rule as Windows states it, decided on security identifiers written as text, so that it holds apart
/// from Windows' ACL classes (which run nowhere else) and is tested where the build runs. A store path must be owned by
/// the user or by the Administrators group (which owns what elevated sessions create), and no allow entry may let
/// anyone but the user, SYSTEM and Administrators change it (or, for a secret, read it). What KsefPS creates gets exactly
/// those three, with full control, and nothing inherited from the folder above.
/// </summary>
internal static class WindowsOwnerOnlyRule
{
    public const string LocalSystem = "S-1-5-18";
    public const string Administrators = "S-1-5-32-544";

    // CREATOR OWNER and OWNER RIGHTS stand for whoever owns the path, and the owner is checked on its own.
    private static readonly string[] StandForOwner = ["S-1-3-0", "S-1-3-4"];

    // Access-mask bits (winnt.h). An entry may still carry generic rights as written: Windows maps them only when it
    // checks an access.
    private const uint ReadData = 0x1, WriteData = 0x2, AppendData = 0x4, DeleteChild = 0x40, WriteAttributes = 0x100,
        Delete = 0x1_0000, WriteDac = 0x4_0000, WriteOwner = 0x8_0000, GenericAll = 0x1000_0000, GenericWrite = 0x4000_0000, GenericRead = 0x8000_0000;

    private const uint Changing = WriteData | AppendData | DeleteChild | WriteAttributes | Delete | WriteDac | WriteOwner | GenericAll | GenericWrite;
    private const uint Reading = ReadData | GenericRead;

    /// <summary>One access entry of a path's ACL, inherited or its own.</summary>
    public readonly record struct Entry(string Sid, uint AccessMask, bool Allows);

    /// <summary>What makes a path untrustworthy: its owner (<see cref="AccessMask"/> null), or an entry granting this mask.</summary>
    public sealed record Violation(string? Sid, uint? AccessMask);

    /// <summary>The accounts a KsefPS path may admit, and the only ones a path KsefPS creates admits.</summary>
    public static IReadOnlyList<string> Trusted(string userSid) =>
        new[] { userSid, LocalSystem, Administrators }.Distinct().ToArray();

    /// <summary>The first reason not to trust the path, or null when it is the user's alone.</summary>
    /// <param name="readingToo">A secret: nobody else may read it either.</param>
    public static Violation? Find(string? ownerSid, string userSid, IEnumerable<Entry> entries, bool readingToo)
    {
        if (ownerSid != userSid && ownerSid != Administrators)
        {
            return new Violation(ownerSid, null);
        }
        var trusted = Trusted(userSid);
        var sensitive = readingToo ? Changing | Reading : Changing;
        foreach (var entry in entries)
        {
            if (entry.Allows && (entry.AccessMask & sensitive) != 0
                && !trusted.Contains(entry.Sid) && !StandForOwner.Contains(entry.Sid))
            {
                return new Violation(entry.Sid, entry.AccessMask);
            }
        }
        return null;
    }
}
