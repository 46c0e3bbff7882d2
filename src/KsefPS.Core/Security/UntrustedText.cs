namespace KsefPS.Core.Security;

/// <summary>What an error message or a result may quote of a value from KSeF or the disk: at most 64 characters unless told, no control characters.</summary>
public static class UntrustedText
{
    public static string Quote(string? value, int maxLength = 64) =>
        value is null ? "" : new string(value.Take(maxLength).Select(c => char.IsControl(c) ? '?' : c).ToArray()) + (value.Length > maxLength ? "…" : "");
}
