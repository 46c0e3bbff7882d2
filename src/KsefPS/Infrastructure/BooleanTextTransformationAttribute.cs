using System.Management.Automation;

namespace KsefPS.Infrastructure;

/// <summary>
/// A switch bound from text (an Import-Csv cell): "False", "0", "no", "nie" or an empty cell mean off. PowerShell on its
/// own turns every non-empty string, "False" included, into on.
/// </summary>
public sealed class BooleanTextTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        return value is string text
            ? new SwitchParameter(text.Trim().ToLowerInvariant() is not ("" or "false" or "0" or "no" or "nie" or "$false"))
            : value;
    }
}
