namespace KsefPS.Core.Invoices.Sending;

/// <summary>Progress of a run: what is being done and, when known, how far along (0–100).</summary>
public sealed record SendProgress(string Activity, int Percent);
