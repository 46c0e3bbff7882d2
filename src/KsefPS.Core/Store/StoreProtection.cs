namespace KsefPS.Core.Store;

/// <summary>How the store key is protected at rest.</summary>
public enum StoreProtection
{
    /// <summary>By the operating-system user: DPAPI CurrentUser on Windows, a 0600 key file on Unix.</summary>
    User,
    /// <summary>By a passphrase (Argon2id); the store must be unlocked before keys are used.</summary>
    Passphrase,
}
