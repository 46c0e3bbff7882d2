namespace KsefPS.Core.Security;

/// <summary>What an error message may quote of a value from KSeF or the disk: at most 64 characters, no control characters.</summary>
public static class UntrustedText
{
    public static string Quote(string? value) =>
        value is null ? "" : new string(value.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray()) + (value.Length > 64 ? "…" : "");
}
