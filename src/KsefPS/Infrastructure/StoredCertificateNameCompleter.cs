using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using KsefPS.Core.Certificates;
using KsefPS.Core.Store;

namespace KsefPS.Infrastructure;

/// <summary>
/// Tab completion of stored certificate names. Where only one kind fits, only that kind is offered, and only while
/// it can be used: Authentication certificates to Connect-Ksef, Offline ones to Protect-KsefInvoice, neither
/// revoked nor expired nor not yet valid. Elsewhere (Get-, Export-, Remove-KsefCertificate…) every entry is offered.
/// </summary>
public sealed class StoredCertificateNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        CertificateUsage? usage = commandName switch
        {
            "Connect-Ksef" => CertificateUsage.Authentication,
            "Protect-KsefInvoice" => CertificateUsage.Offline,
            _ => null,
        };
        return StoreCompletion.From(fakeBoundParameters, wordToComplete,
            store => store.ListCertificates().Where(e => usage is null || (e.Usage == usage && IsUsable(e))),
            e => e.Name,
            e => FormattableString.Invariant($"{e.Usage} {e.Environment} {e.Identity} until {e.NotAfter:yyyy-MM-dd} ({e.Status})"));
    }

    private static bool IsUsable(StoredCertificate entry) => entry.Status is CertificateStatus.Valid or CertificateStatus.ExpiringSoon;
}
