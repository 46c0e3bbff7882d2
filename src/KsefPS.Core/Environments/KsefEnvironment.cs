namespace KsefPS.Core.Environments;

public enum KsefEnvironment
{
    Test,
    Demo,
    Production,
}
