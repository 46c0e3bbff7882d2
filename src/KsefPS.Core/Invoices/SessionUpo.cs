using System.Security.Cryptography;
using KsefPS.Core.Api;
using KsefPS.Core.Errors;
using KsefPS.Core.Sessions;
using KsefPS.Core.Identifiers;

namespace KsefPS.Core.Invoices;

/// <summary>The collective UPO of an online or batch session (BRIEF §7.5), page by page, once KSeF has processed the closed session.</summary>
public static class SessionUpo
{
    public sealed record Page(string ReferenceNumber, byte[] Content);

    public static async Task<IReadOnlyList<Page>> DownloadAsync(KsefSession session, string sessionReference, TimeSpan timeout, CancellationToken cancellation)
    {
        sessionReference = ReferenceNumber.Require(sessionReference);
        // 150/170: closed, still being processed; 100 (open) and failures will not turn into a UPO by waiting.
        var status = await StatusPolling.UntilAsync(
            () => session.SendAsync(HttpMethod.Get, $"sessions/{sessionReference}", cancellation, idempotent: true)!,
            answer => RequiredValues.Number(answer, "status", "code") is not (150 or 170), timeout, cancellation).ConfigureAwait(false);
        var code = RequiredValues.Number(status, "status", "code");
        if (code != 200)
        {
            var description = AnswerValues.Text(AnswerValues.At(status, "status", "description")) ?? "";
            throw new KsefException(ErrorIds.UpoNotAvailable, KsefErrorKind.ResourceUnavailable,
                $"Session {sessionReference} has no UPO: {code} {description}" + (code == 100 ? " (the session is still open)." : "."), sessionReference);
        }
        var pages = new List<Page>();
        foreach (var page in RequiredValues.Entries(AnswerValues.At(status, "upo", "pages"), "upo.pages"))
        {
            var upoReference = ReferenceNumber.Require(RequiredValues.Text(page, "referenceNumber"));
            var download = await session.DownloadAsync($"sessions/{sessionReference}/upo/{upoReference}", cancellation).ConfigureAwait(false);
            if (download.DeclaredHash is { } declared && declared != Convert.ToBase64String(SHA256.HashData(download.Content)))
            {
                throw new KsefException(ErrorIds.InvoiceHashMismatch, KsefErrorKind.InvalidData,
                    $"The UPO {upoReference} of session {sessionReference} does not match the hash KSeF declared for it.", sessionReference);
            }
            pages.Add(new Page(upoReference, download.Content));
        }
        return pages;
    }
}
