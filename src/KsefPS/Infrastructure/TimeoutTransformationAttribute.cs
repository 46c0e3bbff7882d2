using System.Management.Automation;

namespace KsefPS.Infrastructure;

/// <summary>Lets a bare number mean seconds (PowerShell would otherwise read it as ticks).</summary>
public sealed class TimeoutTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        return value switch
        {
            int seconds => TimeSpan.FromSeconds(seconds),
            long seconds => TimeSpan.FromSeconds(seconds),
            double seconds => TimeSpan.FromSeconds(seconds),
            _ => value,
        };
    }
}
