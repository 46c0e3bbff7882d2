using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;

namespace KsefPS.Core.Api;

/// <summary>
/// A list in a result that reads as its items ("InvoiceRead; InvoiceWrite") when made text, so that Export-Csv and
/// ConvertTo-Csv write them and not the list's type name, as they do for any other list.
/// </summary>
[CollectionBuilder(typeof(ReadableList), nameof(ReadableList.Create))]
public sealed class ReadableList<T>(IList<T> items) : ReadOnlyCollection<T>(items)
{
    public static ReadableList<T> None { get; } = new([]);

    public override string ToString() => string.Join("; ", this);
}

public static class ReadableList
{
    public static ReadableList<T> Create<T>(ReadOnlySpan<T> items) => items.IsEmpty ? ReadableList<T>.None : new(items.ToArray());

    public static ReadableList<T> From<T>(IEnumerable<T>? items) => items is null ? ReadableList<T>.None : new(items.ToArray());
}
