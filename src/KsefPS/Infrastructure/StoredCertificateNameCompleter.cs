using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using KsefPS.Core.Store;

namespace KsefPS.Infrastructure;

/// <summary>Tab completion of stored certificate names (reads only public columns; never needs the store unlocked).</summary>
public sealed class StoredCertificateNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var storePath = fakeBoundParameters["StorePath"] as string;
        var pattern = WildcardPattern.Get(wordToComplete.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        IReadOnlyList<StoredCertificate> entries;
        try
        {
            var path = StoreLocation.Resolve(storePath);
            if (!File.Exists(path))
            {
                return [];
            }
            using var store = KsefStore.Open(path);
            entries = store.ListCertificates();
        }
        catch (Exception)
        {
            return []; // completion must never throw at the user
        }
        return entries
            .Where(e => pattern.IsMatch(e.Name))
            .Select(e => new CompletionResult(Quote(e.Name), e.Name, CompletionResultType.ParameterValue,
                $"{e.Usage} {e.Environment} {e.IdentifierType}:{e.Identifier} until {e.NotAfter:yyyy-MM-dd}"))
            .ToList();
    }

    private static string Quote(string name) =>
        name.Any(c => char.IsWhiteSpace(c) || "'\"`$();,{}@#&|<>".Contains(c)) ? "'" + name.Replace("'", "''") + "'" : name;
}
