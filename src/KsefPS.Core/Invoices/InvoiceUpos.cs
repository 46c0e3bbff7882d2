using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Invoices.Sending;
using KsefPS.Core.Sessions;

namespace KsefPS.Core.Invoices;

/// <summary>
/// The UPO of each accepted invoice of a session (sesja-sprawdzenie-stanu-i-pobranie-upo.md, "Pobranie UPO dla faktury").
/// The session's invoice list gives every accepted invoice a pre-signed <c>upoDownloadUrl</c> that takes no token and that
/// KSeF does not rate-limit, so a batch of 10,000 costs ten list pages instead of 10,000 requests of a limited group.
/// Each UPO is checked against the hash KSeF declares for it (x-ms-meta-hash).
/// </summary>
public static class InvoiceUpos
{
    /// <summary>One invoice's UPO, or why there is none.</summary>
    public sealed record Result(string KsefNumber, string? InvoiceNumber, byte[]? Content, KsefException? Error);

    private const int Parallelism = 8;

    /// <param name="wanted">The KSeF numbers to fetch; every accepted invoice of the session when null.</param>
    public static async IAsyncEnumerable<Result> DownloadAsync(KsefSession session, string sessionReference, IReadOnlySet<string>? wanted,
        [EnumeratorCancellation] CancellationToken cancellation, Action<string>? narrate = null)
    {
        sessionReference = ReferenceNumber.Require(sessionReference);
        var missing = wanted is null ? null : new HashSet<string>(wanted, StringComparer.Ordinal);
        var page = new List<InvoiceStatus>();
        await foreach (var status in SessionResults.InvoicesAsync(session, sessionReference, failedOnly: false, cancellation, narrate).ConfigureAwait(false))
        {
            if (status.Code != 200 || status.KsefNumber is not { } number || missing is not null && !missing.Remove(number))
            {
                continue;
            }
            page.Add(status);
            if (page.Count == SessionResults.PageSize)
            {
                foreach (var result in await FetchAsync(session, sessionReference, page, cancellation).ConfigureAwait(false))
                {
                    yield return result;
                }
                page.Clear();
            }
        }
        foreach (var result in await FetchAsync(session, sessionReference, page, cancellation).ConfigureAwait(false))
        {
            yield return result;
        }
        foreach (var number in missing ?? [])
        {
            yield return new Result(number, null, null, new KsefException(ErrorIds.UpoNotAvailable, KsefErrorKind.ResourceUnavailable,
                $"Session {sessionReference} lists no accepted invoice {Security.UntrustedText.Quote(number)}, so it has no UPO for it (not accepted yet, rejected, or sent in another session).",
                number));
        }
    }

    /// <summary>A page's UPOs, a few at a time (KSeF's storage takes them in parallel), in the list's order.</summary>
    private static async Task<Result[]> FetchAsync(KsefSession session, string sessionReference, List<InvoiceStatus> accepted, CancellationToken cancellation)
    {
        using var slots = new SemaphoreSlim(Parallelism);
        return await Task.WhenAll(accepted.Select(async status =>
        {
            await slots.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                return new Result(status.KsefNumber!, status.InvoiceNumber, await FetchOneAsync(session, sessionReference, status, cancellation).ConfigureAwait(false), null);
            }
            catch (KsefException e)
            {
                return new Result(status.KsefNumber!, status.InvoiceNumber, null, e);
            }
            finally
            {
                slots.Release();
            }
        })).ConfigureAwait(false);
    }

    private static async Task<byte[]> FetchOneAsync(KsefSession session, string sessionReference, InvoiceStatus status, CancellationToken cancellation)
    {
        var number = KsefNumber.Require(status.KsefNumber, fromKsef: true);
        var link = session.Http.StorageLink(status.UpoDownloadUrl)
            ?? throw new KsefException(ErrorIds.KsefAnswerInvalid, KsefErrorKind.InvalidData,
                $"KSeF gave invoice {number} of session {sessionReference} no UPO link, or one that is not an absolute https address; it was not followed.", number);
        // A pre-signed storage link: fetched without the access token
        var download = await session.Http.DownloadAsync(link.AbsoluteUri, cancellation).ConfigureAwait(false);
        if (download.DeclaredHash is { } declared && declared != Convert.ToBase64String(SHA256.HashData(download.Content)))
        {
            throw new KsefException(ErrorIds.InvoiceHashMismatch, KsefErrorKind.InvalidData,
                $"The UPO of invoice {number} does not match the hash KSeF declared for it; it was not written.", number);
        }
        return download.Content;
    }
}
