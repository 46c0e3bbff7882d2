using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace KsefPS.Emulator.Invoices;

/// <summary>
/// What KSeF does with a closed batch session (BRIEF §7.7): check each encrypted part against its declared hash, decrypt
/// the parts in order and join them, check the package, unpack Zip or TarGz, then verify every invoice as online.
/// Session-level failures: 405 (a part or the package is not what was declared), 435 (a part does not decrypt), 430 (the
/// archive does not unpack), 420 (more invoices than a session takes).
/// </summary>
public sealed class BatchProcessor(InvoiceVerifier verifier, Status.SessionLimits limits)
{
    private const int MaxFileNameLength = 128;

    public void Process(InvoiceSession session)
    {
        var batch = session.Batch!;
        try
        {
            batch.Failure = Unpack(session, batch);
        }
        catch (Exception e)
        {
            batch.Failure = (500, $"Nieznany błąd ({e.GetType().Name})");
        }
        finally
        {
            batch.Processed = true;
            session.Updated = DateTimeOffset.UtcNow;
        }
    }

    private (int, string)? Unpack(InvoiceSession session, BatchPackage batch)
    {
        var allowed = limits.For(session.Context, batch: true);
        using var package = new MemoryStream();
        using (var aes = Aes.Create())
        {
            aes.Key = session.Key!;
            foreach (var (ordinal, _, hash) in batch.Parts)
            {
                var encrypted = batch.Uploaded[ordinal];
                if (Convert.ToBase64String(SHA256.HashData(encrypted)) != hash)
                {
                    // KSeF's words as far as the official Java client's batch test read them (it checks the start)
                    batch.FailureDetails = [$"Skrót SHA-256 części: '{ordinal}' nie zgadza się z zadeklarowanym skrótem: '{hash}'."];
                    return (405, "Błąd weryfikacji poprawności dostarczonych elementów paczki");
                }
                try
                {
                    package.Write(aes.DecryptCbc(encrypted, session.Iv!, PaddingMode.PKCS7));
                }
                catch (CryptographicException)
                {
                    return (435, "Błąd odszyfrowania zaszyfrowanych części archiwum");
                }
            }
        }
        if (package.Length != batch.FileSize || Convert.ToBase64String(SHA256.HashData(package.GetBuffer().AsSpan(0, (int)package.Length))) != batch.FileHash)
        {
            // As KSeF answered the official Java client's test with a wrong IV (the parts decrypt, the package is not the
            // one declared): 430, the package's hash in the details
            batch.FailureDetails = [$"Skrót SHA-256 przesłanej paczki faktur nie jest zgodny z zadeklarowanym skrótem: '{batch.FileHash}'."];
            return (430, "Błąd dekompresji pierwotnego archiwum");
        }
        package.Position = 0;
        List<(string Name, byte[]? Content)> files;
        try
        {
            files = batch.Compression == "TarGz" ? ReadTarGz(package, allowed.MaxInvoiceWithAttachmentSize) : ReadZip(package, allowed.MaxInvoiceWithAttachmentSize);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
        {
            return (430, "Błąd dekompresji pierwotnego archiwum");
        }
        if (files.Count > allowed.MaxInvoices)
        {
            // KSeF's words, as the official Java client's batch test read them
            batch.FailureDetails = [$"Przekroczono dopuszczalną liczbę faktur w paczce: '{allowed.MaxInvoices}'. Liczba faktur w paczce: '{files.Count}'."];
            return (420, "Przekroczony limit faktur w sesji");
        }
        foreach (var (name, content) in files)
        {
            var hash = content is null ? Convert.ToBase64String(SHA256.HashData([])) : Convert.ToBase64String(SHA256.HashData(content));
            // An oversized entry is not read whole: it is judged by its size alone.
            var plain = content ?? new byte[allowed.MaxInvoiceWithAttachmentSize + 1];
            verifier.Verify(session, new ReceivedInvoice(plain, hash, batch.OfflineMode, null, name), DateTimeOffset.UtcNow);
        }
        return null;
    }

    private static List<(string, byte[]?)> ReadZip(Stream package, int largest)
    {
        var files = new List<(string, byte[]?)>();
        using var zip = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
        foreach (var entry in zip.Entries)
        {
            if (entry.FullName.EndsWith('/'))
            {
                continue;
            }
            using var stream = entry.Open();
            files.Add((Name(entry.FullName), ReadBounded(stream, largest)));
        }
        return files;
    }

    private static List<(string, byte[]?)> ReadTarGz(Stream package, int largest)
    {
        var files = new List<(string, byte[]?)>();
        using var gzip = new GZipStream(package, CompressionMode.Decompress, leaveOpen: true);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
            {
                files.Add((Name(entry.Name), ReadBounded(data, largest)));
            }
        }
        return files;
    }

    /// <summary>The entry's bytes, or null when it is larger than any invoice may be (a zip bomb is never inflated whole).</summary>
    private static byte[]? ReadBounded(Stream stream, int largest)
    {
        var limit = largest + 1;
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return null;
            }
        }
        return buffer.ToArray();
    }

    private static string Name(string path)
    {
        var name = path.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        return name.Length > MaxFileNameLength ? name[..MaxFileNameLength] : name;
    }
}
