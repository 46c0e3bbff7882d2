namespace KsefPS.Emulator.Invoices;

/// <summary>The package a batch session declared at open, and what has been uploaded of it (BRIEF §7.7).</summary>
public sealed class BatchPackage
{
    public required long FileSize { get; init; }
    public required string FileHash { get; init; }
    public required string Compression { get; init; }
    public required bool OfflineMode { get; init; }
    public required IReadOnlyList<(int Ordinal, long Size, string Hash)> Parts { get; init; }
    public required DateTimeOffset UploadDeadline { get; init; }
    public System.Collections.Concurrent.ConcurrentDictionary<int, byte[]> Uploaded { get; } = new();
    /// <summary>Set when processing ends with a session-level error (405, 415, 420, 430, 435).</summary>
    public (int Code, string Description)? Failure { get; set; }
    /// <summary>What the session status's details say of the failure, in KSeF's words where they are known.</summary>
    public string[] FailureDetails { get; set; } = [];
    public bool Processed { get; set; }
}
