namespace KsefPS.Core.Sessions;

public enum KsefSessionState
{
    Active,
    Disconnected,
}
