using System.Management.Automation;

namespace KsefPS.Infrastructure;

/// <summary>
/// A list given as one string — a CSV cell such as "InvoiceRead;InvoiceWrite" or "InvoiceRead, InvoiceWrite" — becomes
/// its items, so Import-Csv binds it to an array parameter (enum values are then checked as usual).
/// </summary>
public sealed class ListTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        return value is string text
            ? text.Split([',', ';', '|', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : value;
    }
}
