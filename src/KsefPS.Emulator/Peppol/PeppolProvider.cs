namespace KsefPS.Emulator.Peppol;

public sealed record PeppolProvider(string Id, string Name, DateTimeOffset DateCreated);
