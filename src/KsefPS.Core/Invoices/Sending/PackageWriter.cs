using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KsefPS.Core.Store;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>
/// Streams invoices into a Zip or TarGz archive in a temporary file as they arrive (never the whole package in memory),
/// and what it knows of each into a list beside it (one JSON line each), then splits it into parts of at most <see cref="SendOptions.PartSize"/> bytes, each encrypted with the session's
/// AES-256-CBC key and hashed on the way to its own file (BRIEF §7.7).
/// </summary>
internal sealed class PackageWriter : IDisposable
{
    private const int MaxEntryName = 128;
    // What compression may still hold back when the file's length is measured; kept free below the limit.
    private readonly long _slack;
    private readonly SendOptions _options;
    private readonly string _directory;
    private readonly string _archivePath;
    private readonly FileStream _file;
    private readonly ZipArchive? _zip;
    private readonly GZipStream? _gzip;
    private readonly TarWriter? _tar;
    private readonly string _entriesPath;
    private readonly StreamWriter _entries;
    private int _count;
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private long _plainBytes;
    private bool _finished;

    public PackageWriter(string directory, SendOptions options)
    {
        _options = options;
        _directory = directory;
        _slack = Math.Min(1_000_000, options.MaxPlainPackageSize / 10);
        SecureFiles.EnsureDirectory(directory);
        _archivePath = System.IO.Path.Combine(directory, $"package-{Guid.NewGuid():N}.{(options.Compression == PackageCompression.Zip ? "zip" : "tar.gz")}");
        _file = SecureFiles.Create(_archivePath);
        _entriesPath = System.IO.Path.ChangeExtension(_archivePath, ".entries.jsonl");
        _entries = new StreamWriter(SecureFiles.Create(_entriesPath), new UTF8Encoding(false));
        if (options.Compression == PackageCompression.Zip)
        {
            _zip = new ZipArchive(_file, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        }
        else
        {
            _gzip = new GZipStream(_file, CompressionLevel.Optimal, leaveOpen: true);
            _tar = new TarWriter(_gzip, TarEntryFormat.Pax, leaveOpen: true);
        }
    }

    public int Count => _count;

    /// <summary>Whether one more invoice of <paramref name="size"/> bytes fits this session's package.</summary>
    public bool Fits(long size) =>
        _count < _options.MaxInvoicesPerSession && (_count == 0 || _file.Length + size + _slack <= _options.MaxPlainPackageSize);

    public PackageEntry Add(InvoiceFile invoice)
    {
        var name = UniqueName(invoice.Path);
        if (_zip is not null)
        {
            var entry = _zip.CreateEntry(name, CompressionLevel.Optimal);
            using var stream = entry.Open();
            stream.Write(invoice.Content);
        }
        else
        {
            using var data = new MemoryStream(invoice.Content, writable: false);
            _tar!.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = data, Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
        }
        _plainBytes += invoice.Content.Length;
        var added = new PackageEntry(name, invoice.Path, invoice.Hash, invoice.InvoiceNumber, invoice.SellerNip, invoice.IssueDate);
        _entries.WriteLine(JsonSerializer.Serialize(added));
        _count++;
        return added;
    }

    /// <summary>Closes the archive and writes its encrypted parts; the plain archive is deleted.</summary>
    public SealedPackage Seal(Func<ICryptoTransform> encryptor, Action<string>? narrate)
    {
        Finish();
        long plainSize;
        string plainHash;
        var parts = new List<EncryptedPart>();
        using (var archive = File.OpenRead(_archivePath))
        {
            plainSize = archive.Length;
            using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            for (var ordinal = 1; archive.Position < plainSize || ordinal == 1; ordinal++)
            {
                var partPath = System.IO.Path.Combine(_directory, $"{System.IO.Path.GetFileNameWithoutExtension(_archivePath)}.part{ordinal:D2}.aes");
                using (var output = SecureFiles.Create(partPath))
                using (var crypto = new CryptoStream(output, encryptor(), CryptoStreamMode.Write))
                {
                    var left = Math.Min(_options.PartSize, plainSize - archive.Position);
                    while (left > 0)
                    {
                        var read = archive.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                        if (read == 0)
                        {
                            break;
                        }
                        whole.AppendData(buffer, 0, read);
                        crypto.Write(buffer, 0, read);
                        left -= read;
                    }
                }
                using var written = File.OpenRead(partPath);
                parts.Add(new EncryptedPart(ordinal, partPath, written.Length, Convert.ToBase64String(SHA256.HashData(written))));
            }
            plainHash = Convert.ToBase64String(whole.GetHashAndReset());
        }
        File.Delete(_archivePath);
        narrate?.Invoke($"Packaged {_count} invoices: {plainSize:N0} bytes ({_options.Compression}) in {parts.Count} encrypted part(s).");
        return new SealedPackage(plainSize, plainHash, _options.Compression, parts, ReadEntries(_entriesPath), _count);
    }

    /// <summary>The package's invoices, read from its list afresh on every enumeration.</summary>
    private static IEnumerable<PackageEntry> ReadEntries(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            yield return JsonSerializer.Deserialize<PackageEntry>(line)!;
        }
    }

    public void Dispose()
    {
        Finish();
        _file.Dispose();
        if (File.Exists(_archivePath))
        {
            File.Delete(_archivePath);
        }
    }

    private void Finish()
    {
        if (_finished)
        {
            return;
        }
        _finished = true;
        _zip?.Dispose();
        _tar?.Dispose();
        _gzip?.Dispose();
        _entries.Dispose();
        _file.Flush();
        _file.Dispose();
    }

    /// <summary>The file's own name, made safe and unique: KSeF reports each invoice under it (invoiceFileName, up to 128 characters).</summary>
    private string UniqueName(string path)
    {
        var original = System.IO.Path.GetFileName(path);
        var safe = new string(original.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        if (!safe.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
        {
            safe += ".xml";
        }
        if (safe.Length > MaxEntryName)
        {
            safe = safe[..(MaxEntryName - 4)] + ".xml";
        }
        var name = safe;
        for (var n = 2; !_names.Add(name); n++)
        {
            var suffix = $"-{n}.xml";
            name = safe[..Math.Min(safe.Length - 4, MaxEntryName - suffix.Length)] + suffix;
        }
        return name;
    }
}
