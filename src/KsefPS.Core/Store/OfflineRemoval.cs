namespace KsefPS.Core.Store;

/// <summary>What became of one entry asked to leave the offline queue.</summary>
public enum OfflineRemoval
{
    Removed,
    NotFound,
    /// <summary>Kept: KSeF has not received it, and the law wants it sent.</summary>
    NotSent,
}
