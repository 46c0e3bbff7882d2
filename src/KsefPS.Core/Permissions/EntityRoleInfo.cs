namespace KsefPS.Core.Permissions;

/// <summary>
/// A role of an entity as KSeF lists it: the current context's own (VatGroupUnit, LocalGovernmentUnit,
/// EnforcementAuthority, CourtBailiff, or a member's role with its <see cref="Parent"/>), or a subordinate entity's.
/// </summary>
public sealed record EntityRoleInfo(string Role, string? Entity, string? Parent, string Description, DateTimeOffset? StartDate);
