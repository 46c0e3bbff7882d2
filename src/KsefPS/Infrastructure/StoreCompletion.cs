using System.Collections;
using System.Management.Automation;
using KsefPS.Core.Store;

namespace KsefPS.Infrastructure;

/// <summary>
/// What the tab completers share: the store the command line names (-StorePath, else the default), read for public
/// columns only, and a completion that never throws at the user.
/// </summary>
internal static class StoreCompletion
{
    public static IEnumerable<CompletionResult> From<T>(IDictionary fakeBoundParameters, string wordToComplete, Func<KsefStore, IEnumerable<T>> read,
        Func<T, string> text, Func<T, string> tooltip)
    {
        var pattern = WildcardPattern.Get(wordToComplete.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        try
        {
            var path = StoreLocation.Resolve(fakeBoundParameters["StorePath"] as string);
            if (!File.Exists(path))
            {
                return [];
            }
            using var store = KsefStore.Open(path);
            return read(store)
                .Where(item => pattern.IsMatch(text(item)))
                .Select(item => new CompletionResult(Quote(text(item)), text(item), CompletionResultType.ParameterValue, tooltip(item)))
                .ToList();
        }
        catch (Exception)
        {
            return []; // completion must never throw at the user
        }
    }

    private static string Quote(string text) =>
        text.Any(c => char.IsWhiteSpace(c) || "'\"`$();,{}@#&|<>".Contains(c)) ? "'" + text.Replace("'", "''") + "'" : text;
}
