using KsefPS.Emulator.Auth;

namespace KsefPS.Emulator.Permissions;

/// <summary>An asynchronous grant or revocation (GET /permissions/operations/{ref}): 100 until it is done.</summary>
public sealed class PermissionOperation
{
    public required string ReferenceNumber { get; init; }
    public required Identifier Context { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required DateTimeOffset ReadyAt { get; init; }
    public required int Code { get; init; }
    public required string Description { get; init; }
    public string[] Details { get; init; } = [];

    /// <summary>What the operation does when it is done (the grant appears or goes then, not before).</summary>
    public Action? Apply { get; init; }

    public bool Applied { get; set; }
}
