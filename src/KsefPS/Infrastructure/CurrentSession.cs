using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using KsefPS.Core.Sessions;

namespace KsefPS.Infrastructure;

/// <summary>The current KSeF session of each runspace (not of the process): runspaces in one process stay apart.</summary>
internal static class CurrentSession
{
    private sealed class Sessions
    {
        public KsefSession? Current;
        public readonly List<KsefSession> Open = [];
    }

    private static readonly ConditionalWeakTable<Runspace, Sessions> ByRunspace = new();

    private static Sessions Mine => ByRunspace.GetValue(Runspace.DefaultRunspace, _ => new Sessions());

    public static KsefSession? Get() => Mine.Current;

    public static IReadOnlyList<KsefSession> All()
    {
        var mine = Mine;
        lock (mine)
        {
            mine.Open.RemoveAll(s => s.State == KsefSessionState.Disconnected);
            return [.. mine.Open];
        }
    }

    public static void Set(KsefSession session)
    {
        var mine = Mine;
        lock (mine)
        {
            mine.Current = session;
            mine.Open.Add(session);
        }
    }

    public static void Forget(KsefSession session)
    {
        var mine = Mine;
        lock (mine)
        {
            mine.Open.Remove(session);
            if (mine.Current == session)
            {
                mine.Current = null;
            }
        }
    }
}
