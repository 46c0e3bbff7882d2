using System.Text.Json.Nodes;

namespace KsefPS.Emulator.Status;

/// <summary>What Latarnia says now: a status, its messages, and whether it answers at all (a test can make it unreachable).</summary>
public sealed class LatarniaState
{
    public string Status { get; set; } = "AVAILABLE";
    public List<JsonObject> Messages { get; } = [];
    public bool Unreachable { get; set; }
    /// <summary>Whether KSeF's API answers 503: follows the status (anything but AVAILABLE) unless a test sets it apart.</summary>
    public bool KsefDown { get; set; }
}
