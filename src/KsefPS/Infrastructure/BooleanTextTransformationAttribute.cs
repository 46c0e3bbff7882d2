using System.Management.Automation;

namespace KsefPS.Infrastructure;

/// <summary>
/// A switch bound from text (an Import-Csv cell): "False", "0", "no", "nie" or an empty cell mean off. PowerShell on its
/// own turns every non-empty string, "False" included, into on.
/// </summary>
public sealed class BooleanTextTransformationAttribute : TextTransformationAttribute
{
    protected override object? FromWord(string word) => new SwitchParameter(word is not ("" or "false" or "0" or "no" or "nie" or "$false"));
}
