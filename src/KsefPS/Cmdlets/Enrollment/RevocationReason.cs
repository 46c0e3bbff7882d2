namespace KsefPS.Cmdlets.Enrollment;

public enum RevocationReason
{
    Unspecified,
    Superseded,
    KeyCompromise,
}
