using System.Management.Automation;

namespace KsefPS.Infrastructure;

/// <summary>
/// A parameter that takes text in more forms than PowerShell converts on its own. A value that is not text is left as
/// it came; text the subclass does not know is left to PowerShell's conversion (and its error).
/// </summary>
public abstract class TextTransformationAttribute : ArgumentTransformationAttribute
{
    public sealed override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        return value is string text ? FromWord(text.Trim().ToLowerInvariant()) ?? text : value;
    }

    /// <summary>What a word (trimmed, in lower case) stands for; null when it is not one of the subclass's words.</summary>
    protected abstract object? FromWord(string word);
}
