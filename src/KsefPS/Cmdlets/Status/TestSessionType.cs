namespace KsefPS.Cmdlets.Status;

/// <summary>The kind of session whose limits Set-KsefTestLimit changes.</summary>
public enum TestSessionType
{
    Online,
    Batch,
}
