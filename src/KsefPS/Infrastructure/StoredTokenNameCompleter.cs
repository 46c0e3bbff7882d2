using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace KsefPS.Infrastructure;

/// <summary>Tab completion of the KSeF tokens kept in the store, by name (Connect-Ksef -TokenName, Revoke-KsefToken, Remove-KsefToken).</summary>
public sealed class StoredTokenNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        StoreCompletion.From(fakeBoundParameters, wordToComplete, store => store.ListTokens(), t => t.Name, t => $"{t.Context} {t.Description}");
}
