using System.Globalization;
using System.Security.Cryptography;
using System.Xml;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Offline;

/// <summary>
/// Reads the seller NIP, P_1 and P_2 of an invoice with a forward-only XmlReader that stops as soon as it has them,
/// while SHA-256 is computed over the exact bytes of the whole file (BOM and line ends included) in the same pass.
/// </summary>
public static class InvoiceReader
{
    private const int BufferSize = 64 * 1024;

    public static InvoiceFacts Read(string path)
    {
        Stream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KsefException(ErrorIds.InvoiceUnreadable, KsefErrorKind.OpenError,
                $"The invoice '{path}' cannot be read: {e.Message}", path, e);
        }
        using (file)
        using (var hashing = new HashingStream(file))
        {
            string? seller = null, issueDate = null, number = null;
            try
            {
                using var reader = XmlReader.Create(hashing, new XmlReaderSettings
                {
                    DtdProcessing = DtdProcessing.Prohibit,
                    XmlResolver = null,
                    IgnoreComments = true,
                    IgnoreWhitespace = true,
                    CloseInput = false,
                });
                var elements = new List<string>(8);
                // ReadElementContentAsString leaves the reader on the next node already: read on only when it did not.
                var positioned = false;
                while (seller is null || issueDate is null || number is null)
                {
                    if (!positioned && !reader.Read())
                    {
                        break;
                    }
                    positioned = false;
                    if (reader.NodeType != XmlNodeType.Element)
                    {
                        continue;
                    }
                    while (elements.Count > reader.Depth)
                    {
                        elements.RemoveAt(elements.Count - 1);
                    }
                    elements.Add(reader.LocalName);
                    if (reader.IsEmptyElement)
                    {
                        continue;
                    }
                    ref var target = ref seller;
                    if (seller is null && Matches(elements, "Podmiot1", "DaneIdentyfikacyjne", "NIP"))
                    {
                        target = ref seller;
                    }
                    else if (issueDate is null && Matches(elements, "Fa", "P_1"))
                    {
                        target = ref issueDate;
                    }
                    else if (number is null && Matches(elements, "Fa", "P_2"))
                    {
                        target = ref number;
                    }
                    else
                    {
                        continue;
                    }
                    target = reader.ReadElementContentAsString().Trim();
                    elements.RemoveAt(elements.Count - 1);
                    positioned = true;
                }
            }
            catch (XmlException e)
            {
                throw new KsefException(ErrorIds.InvoiceNotXml, KsefErrorKind.InvalidData, $"'{path}' is not well-formed XML: {e.Message}", path, e);
            }
            hashing.Drain();
            if (seller is null || !Identifiers.Nip.IsValid(seller))
            {
                throw new KsefException(ErrorIds.InvoiceSellerMissing, KsefErrorKind.InvalidData,
                    seller is null ? $"'{path}' has no seller NIP (Podmiot1/DaneIdentyfikacyjne/NIP)." : $"'{path}' has an invalid seller NIP '{seller}'.", path);
            }
            if (issueDate is null || !DateOnly.TryParseExact(issueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new KsefException(ErrorIds.InvoiceIssueDateMissing, KsefErrorKind.InvalidData,
                    issueDate is null ? $"'{path}' has no issue date (Fa/P_1)." : $"'{path}' has an issue date '{issueDate}' that is not yyyy-MM-dd.", path);
            }
            return new InvoiceFacts(path, seller, date, number, hashing.Hash());
        }
    }

    private static bool Matches(List<string> path, params string[] suffix)
    {
        if (path.Count < suffix.Length)
        {
            return false;
        }
        for (var i = 0; i < suffix.Length; i++)
        {
            if (path[path.Count - suffix.Length + i] != suffix[i])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Passes reads through and hashes every byte that goes by.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            _hash.AppendData(buffer, offset, read);
            return read;
        }

        public void Drain()
        {
            var buffer = new byte[BufferSize];
            while (Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }

        public byte[] Hash() => _hash.GetHashAndReset();

        protected override void Dispose(bool disposing)
        {
            _hash.Dispose();
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
