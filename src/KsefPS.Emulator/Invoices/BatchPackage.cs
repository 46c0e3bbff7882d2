using System.Runtime.CompilerServices;

namespace KsefPS.Emulator.Invoices;

/// <summary>
/// The package a batch session declared at open, and what has been uploaded of it (BRIEF §7.7). Processing sets
/// <see cref="Failure"/> (if any) and the invoices, then <see cref="Processed"/>; a status read runs beside it, so it
/// reads <see cref="Processed"/> first: once that is set, the rest is too. Read the other way round, a poll that found no
/// failure and then the package processed took it for a cancelled session (440).
/// </summary>
public sealed class BatchPackage
{
    // Boxed, so that a read while processing sets it sees the whole failure or none.
    private StrongBox<(int, string)>? _failure;
    private bool _processed;

    public required long FileSize { get; init; }
    public required string FileHash { get; init; }
    public required string Compression { get; init; }
    public required bool OfflineMode { get; init; }
    public required IReadOnlyList<(int Ordinal, long Size, string Hash)> Parts { get; init; }
    public required DateTimeOffset UploadDeadline { get; init; }
    public System.Collections.Concurrent.ConcurrentDictionary<int, byte[]> Uploaded { get; } = new();

    /// <summary>Set when processing ends with a session-level error (405, 415, 420, 430, 435).</summary>
    public (int Code, string Description)? Failure
    {
        get => Volatile.Read(ref _failure)?.Value;
        set => Volatile.Write(ref _failure, value is { } failure ? new StrongBox<(int, string)>(failure) : null);
    }

    /// <summary>What the session status's details say of the failure, in KSeF's words where they are known.</summary>
    public string[] FailureDetails { get; set; } = [];

    /// <summary>Set last, when processing is over.</summary>
    public bool Processed
    {
        get => Volatile.Read(ref _processed);
        set => Volatile.Write(ref _processed, value);
    }
}
