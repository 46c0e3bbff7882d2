namespace KsefPS.Core.Permissions;

/// <summary>The kinds of test subject KSeF TEST can make (/testdata/subject).</summary>
public enum TestSubjectType
{
    EnforcementAuthority,
    VatGroup,
    JST,
}
