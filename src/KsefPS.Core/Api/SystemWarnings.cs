using KsefPS.Core.Security;

namespace KsefPS.Core.Api;

/// <summary>
/// KSeF's technical warnings (the X-System-Warning header, UPDATES.md 2.6.0): behaviour that works today and will be
/// refused later. Whoever listens in the current async flow (a cmdlet, while its work runs) hears them.
/// </summary>
public static class SystemWarnings
{
    private static readonly AsyncLocal<Action<string, string>?> Listener = new();

    /// <summary>Hears the warnings (the text, and the call that drew it) of the work started after this in the same flow, until disposed.</summary>
    public static IDisposable Listen(Action<string, string> hear)
    {
        var previous = Listener.Value;
        Listener.Value = hear;
        return new Restore(previous);
    }

    internal static void Raise(HttpResponseMessage response, HttpMethod method, string route)
    {
        if (Listener.Value is not { } hear || !response.Headers.TryGetValues("X-System-Warning", out var values))
        {
            return;
        }
        foreach (var value in values)
        {
            var text = new string(value.Take(500).Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
            if (text.Length > 0)
            {
                hear(text, $"{method} {UntrustedText.Quote(route)}");
            }
        }
    }

    private sealed class Restore(Action<string, string>? previous) : IDisposable
    {
        public void Dispose() => Listener.Value = previous;
    }
}
