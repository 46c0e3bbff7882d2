using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using KsefPS.Core.Certificates;

namespace KsefPS.Infrastructure;

/// <summary>Tab completion of the serial numbers of stored certificates not yet revoked (Revoke-KsefCertificate).</summary>
public sealed class StoredSerialNumberCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        StoreCompletion.From(fakeBoundParameters, wordToComplete,
            store => store.ListCertificates().Where(e => e.Status != CertificateStatus.Revoked),
            e => e.SerialNumber, e => FormattableString.Invariant($"{e.Name}: {e.Usage} {e.Environment} until {e.NotAfter:yyyy-MM-dd}"));
}
