using KsefPS.Emulator.Auth;

namespace KsefPS.Emulator.Certificates;

public sealed class Enrollment
{
    public required string ReferenceNumber { get; init; }
    public required DateTimeOffset RequestDate { get; init; }
    public required DateTimeOffset ReadyAt { get; init; }
    public required Identifier Owner { get; init; }
    public required int FinalCode { get; init; }
    public required string FinalDescription { get; init; }
    public string[] FinalDetails { get; init; } = [];
    public string? SerialNumber { get; init; }
}
