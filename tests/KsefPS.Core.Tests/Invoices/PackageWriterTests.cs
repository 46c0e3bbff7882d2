using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Invoices;
using KsefPS.Core.Invoices.Sending;
using KsefPS.Core.Tests.Support;
using KsefPS.Testing;

namespace KsefPS.Core.Tests.Invoices;

public sealed class PackageWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _nip = Nip.NewRandom();

    public void Dispose() => _dir.Dispose();

    private InvoiceFile Invoice(string number, string name)
    {
        var xml = File.ReadAllText(Repository.Spec("samples", "invoice-template-fa-3.xml"))
            .Replace("#nip#", _nip).Replace("#invoice_number#", number).Replace("<P_1>2025-09-01</P_1>", $"<P_1>{PolishDay.Today()}</P_1>");
        var path = Path.Combine(_dir.Path, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, xml);
        return InvoiceFile.Read(path);
    }

    [Theory]
    [InlineData(PackageCompression.TarGz)]
    [InlineData(PackageCompression.Zip)]
    public void Parts_decrypt_and_join_into_the_declared_archive_holding_every_invoice_byte_for_byte(PackageCompression compression)
    {
        var options = new SendOptions { Compression = compression, PartSize = 2048 };
        var invoices = Enumerable.Range(1, 30).Select(i => Invoice($"P{i}", $"fv-{i}.xml")).ToList();
        using var aes = Aes.Create();
        var iv = RandomNumberGenerator.GetBytes(16);
        SealedPackage package;
        using (var writer = new PackageWriter(_dir.File("work"), options))
        {
            invoices.ForEach(i => writer.Add(i));
            package = writer.Seal(() => aes.CreateEncryptor(aes.Key, iv), null);
        }
        Assert.True(package.Parts.Count > 1);
        using var joined = new MemoryStream();
        foreach (var part in package.Parts)
        {
            var encrypted = File.ReadAllBytes(part.FilePath);
            Assert.Equal(part.Size, encrypted.Length);
            Assert.Equal(part.Hash, Convert.ToBase64String(SHA256.HashData(encrypted)));
            var plain = aes.DecryptCbc(encrypted, iv, PaddingMode.PKCS7);
            Assert.True(plain.Length <= options.PartSize);
            Assert.Equal((plain.Length / 16 + 1) * 16, encrypted.Length); // no IV prefix: PKCS#7 output alone
            joined.Write(plain);
        }
        Assert.Equal(package.PlainSize, joined.Length);
        Assert.Equal(package.PlainHash, Convert.ToBase64String(SHA256.HashData(joined.ToArray())));
        joined.Position = 0;
        var files = compression == PackageCompression.Zip ? ReadZip(joined) : ReadTarGz(joined);
        Assert.Equal(30, files.Count);
        foreach (var (invoice, entry) in invoices.Zip(package.Entries))
        {
            Assert.Equal(invoice.Content, files[entry.EntryName]);
            Assert.Equal(invoice.Hash, entry.Hash);
            Assert.Equal(invoice.Path, entry.Path);
        }
        Assert.DoesNotContain(Directory.GetFiles(_dir.File("work")), f => f.EndsWith(".zip", StringComparison.Ordinal) || f.EndsWith(".tar.gz", StringComparison.Ordinal)); // the plain archive is gone
    }

    [Fact]
    public void Entry_names_are_the_file_names_made_safe_unique_and_at_most_128_characters()
    {
        using var writer = new PackageWriter(_dir.File("work"), new SendOptions());
        var a = writer.Add(Invoice("N1", Path.Combine("a", "faktura 1 ż.xml")));
        var b = writer.Add(Invoice("N2", Path.Combine("b", "faktura 1 ż.xml")));
        var c = writer.Add(Invoice("N3", new string('x', 200) + ".xml"));
        var d = writer.Add(Invoice("N4", "plain"));
        Assert.Equal("faktura_1__.xml", a.EntryName);
        Assert.Equal("faktura_1__-2.xml", b.EntryName);
        Assert.Equal(128, c.EntryName.Length);
        Assert.EndsWith(".xml", c.EntryName, StringComparison.Ordinal);
        Assert.Equal("plain.xml", d.EntryName);
    }

    [Fact]
    public void A_package_is_full_at_the_session_s_invoice_limit_and_at_its_size_limit()
    {
        var invoice = Invoice("F1", "f.xml");
        using (var byCount = new PackageWriter(_dir.File("count"), new SendOptions { MaxInvoicesPerSession = 2 }))
        {
            Assert.True(byCount.Fits(invoice.Content.Length));
            byCount.Add(invoice);
            byCount.Add(invoice);
            Assert.False(byCount.Fits(invoice.Content.Length));
        }
        using var bySize = new PackageWriter(_dir.File("size"), new SendOptions { PartSize = 1024, MaxParts = 2 });
        Assert.True(bySize.Fits(invoice.Content.Length)); // the first invoice always goes in
        bySize.Add(invoice);
        Assert.False(bySize.Fits(invoice.Content.Length)); // two parts of 1 KiB cannot take another invoice of its size
    }

    private static Dictionary<string, byte[]> ReadZip(Stream archive)
    {
        using var zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    private static Dictionary<string, byte[]> ReadTarGz(Stream archive)
    {
        using var gzip = new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true);
        using var tar = new TarReader(gzip);
        var files = new Dictionary<string, byte[]>();
        while (tar.GetNextEntry() is { } entry)
        {
            using var copy = new MemoryStream();
            entry.DataStream!.CopyTo(copy);
            files[entry.Name] = copy.ToArray();
        }
        return files;
    }
}
