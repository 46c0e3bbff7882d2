using System.Security.Cryptography;
using KsefPS.Core.Api;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Security;
using KsefPS.Core.Sessions;

namespace KsefPS.Core.Invoices;

/// <summary>
/// Downloads an invoice by its KSeF number (BRIEF §8.1) into &lt;ksefNumber&gt;.xml: the bytes must hash to what KSeF
/// declares, the file appears whole or not at all (written aside, then renamed), and a file already there that
/// matches is left alone.
/// </summary>
public static class InvoiceDownloader
{
    public static async Task<SavedInvoice> SaveAsync(KsefSession session, string ksefNumber, string? expectedHash, string directory, CancellationToken cancellation)
    {
        var target = TargetOf(directory, ksefNumber, fromKsef: false);
        if (expectedHash is not null && IsSaved(target, expectedHash))
        {
            return new SavedInvoice(ksefNumber, target, expectedHash, Skipped: true);
        }
        KsefHttpClient.Download download;
        try
        {
            download = await session.DownloadAsync($"invoices/ksef/{Uri.EscapeDataString(ksefNumber)}", cancellation).ConfigureAwait(false);
        }
        catch (KsefException e) when (e.Server?.FirstCode is 21164 or 21165)
        {
            throw new KsefException(ErrorIds.InvoiceNotFound, KsefErrorKind.ObjectNotFound,
                $"KSeF has no invoice {ksefNumber} visible in this context" + (e.Server.FirstCode == 21165 ? " yet (still being processed)." : "."), ksefNumber, e)
            {
                Server = e.Server,
                RecommendedAction = e.Server.FirstCode == 21165
                    ? "Try again in a minute: KSeF is still processing the invoice."
                    : "Check the number, and that you are connected in the context of the invoice's seller or buyer (Get-KsefSession).",
            };
        }
        var hash = HashOf(download.Content);
        var declared = expectedHash ?? download.DeclaredHash;
        if ((declared is not null && declared != hash) || (download.DeclaredHash is not null && download.DeclaredHash != hash))
        {
            throw new KsefException(ErrorIds.InvoiceHashMismatch, KsefErrorKind.InvalidData,
                $"The invoice {ksefNumber} as downloaded does not hash to the value KSeF gave for it; nothing was written.", ksefNumber);
        }
        await WriteAtomicallyAsync(target, download.Content, cancellation).ConfigureAwait(false);
        return new SavedInvoice(ksefNumber, target, hash, Skipped: false);
    }

    /// <summary>&lt;ksefNumber&gt;.xml inside the folder, once the number is known to be a KSeF number.</summary>
    internal static string TargetOf(string directory, string? ksefNumber, bool fromKsef) =>
        ContainedPath.Join(directory, KsefNumber.Require(ksefNumber, fromKsef) + ".xml");

    /// <summary>True when the file there is a regular file with exactly that content; anything else is written over.</summary>
    internal static bool IsSaved(string target, string hash)
    {
        if (!File.Exists(target))
        {
            return false;
        }
        try
        {
            return HashOf(BoundedFile.Read(target, InvoiceFile.MaxSizeWithAttachment, (_, why) => new IOException(why))) == hash;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The file is whole or absent (<see cref="AtomicFile"/>); its folder is made if need be.</summary>
    internal static Task WriteAtomicallyAsync(string target, byte[] content, CancellationToken cancellation)
    {
        OutputFolder.Ensure(Path.GetDirectoryName(target)!);
        return AtomicFile.WriteAsync(target, content, cancellation);
    }

    internal static string HashOf(byte[] content) => Convert.ToBase64String(SHA256.HashData(content));
}
