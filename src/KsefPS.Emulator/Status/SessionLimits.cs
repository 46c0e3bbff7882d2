using System.Collections.Concurrent;
using KsefPS.Emulator.Auth;

namespace KsefPS.Emulator.Status;

/// <summary>
/// The session limits of each context (limity/limity.md): the emulator's defaults, or what TEST's
/// POST /testdata/limits/context/session set for that context until DELETE resets it.
/// </summary>
public sealed class SessionLimits(EmulatorOptions options)
{
    private readonly ConcurrentDictionary<Identifier, (SessionLimitSet Online, SessionLimitSet Batch)> _overrides = new();

    public SessionLimitSet For(Identifier context, bool batch) =>
        _overrides.TryGetValue(context, out var set) ? batch ? set.Batch : set.Online
        : new SessionLimitSet(options.MaxInvoicesPerSession, options.MaxInvoiceSize, options.MaxInvoiceWithAttachmentSize);

    public void Set(Identifier context, SessionLimitSet online, SessionLimitSet batch) => _overrides[context] = (online, batch);

    public void Reset(Identifier context) => _overrides.TryRemove(context, out _);
}
