namespace KsefPS.Core.Api;

/// <summary>One error KSeF reported: its exception code, description and details.</summary>
public sealed record KsefErrorEntry(int Code, string Description, IReadOnlyList<string> Details);
