using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Security;

namespace KsefPS.Core.Permissions;

/// <summary>A person or entity a grant names: a PESEL or NIP with a valid check digit, or a certificate fingerprint (SHA-256, 64 hex).</summary>
public sealed record PermissionSubject
{
    public PermissionSubject(PermissionSubjectType type, string value)
    {
        value = value.Trim();
        var valid = type switch
        {
            PermissionSubjectType.Pesel => Pesel.IsValid(value),
            PermissionSubjectType.Nip => Nip.IsValid(value),
            _ => value.Length == 64 && value.All(char.IsAsciiHexDigit),
        };
        if (!valid)
        {
            throw new KsefException(ErrorIds.PermissionSubjectInvalid, KsefErrorKind.InvalidArgument, type switch
            {
                PermissionSubjectType.Pesel => $"'{UntrustedText.Quote(value)}' is not a PESEL (11 digits with a valid check digit).",
                PermissionSubjectType.Nip => $"'{UntrustedText.Quote(value)}' is not a NIP (10 digits with a valid check digit).",
                _ => $"'{UntrustedText.Quote(value)}' is not a certificate fingerprint (the SHA-256 of the certificate, 64 hexadecimal digits).",
            }, value);
        }
        Type = type;
        Value = type == PermissionSubjectType.Fingerprint ? value.ToUpperInvariant() : value;
    }

    /// <summary>The one subject among -Pesel, -Nip and -Fingerprint; null when none is given, an error when several are.</summary>
    public static PermissionSubject? OneOf(string? pesel, string? nip, string? fingerprint) => (pesel, nip, fingerprint) switch
    {
        ({ } p, null, null) => new PermissionSubject(PermissionSubjectType.Pesel, p),
        (null, { } n, null) => new PermissionSubject(PermissionSubjectType.Nip, n),
        (null, null, { } f) => new PermissionSubject(PermissionSubjectType.Fingerprint, f),
        (null, null, null) => null,
        _ => throw new KsefException(ErrorIds.PermissionSubjectInvalid, KsefErrorKind.InvalidArgument, "Give one of -Pesel, -Nip or -Fingerprint."),
    };

    /// <summary>A PESEL (11 digits), NIP (10 digits) or fingerprint (64 hex digits), told apart by their shape.</summary>
    public static PermissionSubject Guess(string value) => value.Trim().Length switch
    {
        11 => new PermissionSubject(PermissionSubjectType.Pesel, value),
        10 => new PermissionSubject(PermissionSubjectType.Nip, value),
        _ => new PermissionSubject(PermissionSubjectType.Fingerprint, value),
    };

    public PermissionSubjectType Type { get; }

    public string Value { get; }

    public override string ToString() => $"{Type}:{Value}";
}
