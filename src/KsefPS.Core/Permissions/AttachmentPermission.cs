namespace KsefPS.Core.Permissions;

/// <summary>Whether a context may send invoices with attachments: consent is given in e-Urząd Skarbowy, KSeF only reports it.</summary>
public sealed record AttachmentPermission(string Context, bool IsAttachmentAllowed, DateTimeOffset? RevokedDate);
