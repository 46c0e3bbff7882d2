namespace KsefPS.Core.Store;

/// <summary>Keeps the store key safe by the operating-system user's own credentials (DESIGN §4).</summary>
internal interface IUserKeyVault
{
    string Description { get; }

    /// <summary>The store key, or null when the vault holds none.</summary>
    byte[]? TryLoad(StoreMeta meta);

    void Save(StoreMeta meta, ReadOnlySpan<byte> storeKey);

    void Delete(StoreMeta meta);
}
