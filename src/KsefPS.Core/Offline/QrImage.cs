using System.Buffers.Binary;
using System.IO.Compression;
using System.Security;
using System.Text;
using KsefPS.Core.Offline.Qr;

namespace KsefPS.Core.Offline;

/// <summary>
/// A QR code (<see cref="QrCode"/>, with its 4-module quiet zone) and a label under it, as PNG or SVG. The PNG is
/// encoded here (1-bit grayscale, zlib) and the label drawn with a built-in bitmap font: no native graphics stack.
/// </summary>
public static class QrImage
{
    private const int Scale = 4;
    private const int FontPixel = 2;
    private const int QuietZone = QrCode.QuietZone;

    /// <summary>The file extension of an image in <paramref name="format"/>, with its dot.</summary>
    public static string Extension(QrImageFormat format) => format == QrImageFormat.Svg ? ".svg" : ".png";

    public static byte[] Render(string text, string label, QrImageFormat format)
    {
        var code = QrCode.Encode(text);
        return format == QrImageFormat.Svg ? Svg(code, label) : Png(code, label);
    }

    private static byte[] Png(QrCode code, string label)
    {
        var modules = code.Size + 2 * QuietZone;
        var qrSide = modules * Scale;
        var textWidth = BitmapFont.TextWidth(label) * FontPixel;
        var width = Math.Max(qrSide, textWidth + 4 * Scale);
        var height = qrSide + (label.Length == 0 ? 0 : BitmapFont.Height * FontPixel + 4 * Scale);
        var image = new BilevelImage(width, height);
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(image.Size);
        try
        {
            var pixels = rented.AsSpan(0, image.Size);
            image.Clear(pixels);
            DrawCode(image, pixels, code, (width - qrSide) / 2 + QuietZone * Scale, QuietZone * Scale);
            DrawLabel(image, pixels, label, (width - textWidth) / 2, qrSide + Scale);
            return EncodePng(width, height, pixels);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Each module row is drawn once into its first pixel row, which the next Scale − 1 rows copy.</summary>
    private static void DrawCode(BilevelImage image, Span<byte> pixels, QrCode code, int left, int top)
    {
        for (var my = 0; my < code.Size; my++)
        {
            var y = top + my * Scale;
            for (var mx = 0; mx < code.Size; mx++)
            {
                if (code.IsDark(mx, my))
                {
                    image.Blacken(pixels, left + mx * Scale, y, Scale);
                }
            }
            for (var dy = 1; dy < Scale; dy++)
            {
                image.CopyRow(pixels, y, y + dy);
            }
        }
    }

    private static void DrawLabel(BilevelImage image, Span<byte> pixels, string label, int left, int top)
    {
        for (var i = 0; i < label.Length; i++)
        {
            for (var gy = 0; gy < BitmapFont.Height; gy++)
            {
                for (var gx = 0; gx < BitmapFont.Width; gx++)
                {
                    if (!BitmapFont.IsSet(label[i], gx, gy))
                    {
                        continue;
                    }
                    for (var dy = 0; dy < FontPixel; dy++)
                    {
                        image.Blacken(pixels, left + (i * BitmapFont.Advance + gx) * FontPixel, top + gy * FontPixel + dy, FontPixel);
                    }
                }
            }
        }
    }

    /// <summary>
    /// One bit a pixel (PNG grayscale, bit depth 1: 0 black, 1 white), each row led by its filter byte. An eighth of the
    /// bytes of 8-bit grayscale, so compressing is an eighth of the work.
    /// </summary>
    private readonly struct BilevelImage(int width, int height)
    {
        private int Stride { get; } = 1 + (width + 7) / 8;
        public int Size => Stride * height;

        public void Clear(Span<byte> pixels)
        {
            pixels.Fill(0xFF);
            for (var row = 0; row < height; row++)
            {
                pixels[row * Stride] = 0; // filter type: none
            }
        }

        public void CopyRow(Span<byte> pixels, int from, int to) =>
            pixels.Slice(from * Stride, Stride).CopyTo(pixels.Slice(to * Stride, Stride));

        public void Blacken(Span<byte> pixels, int x, int y, int count)
        {
            var row = pixels.Slice(y * Stride + 1);
            for (var px = x; px < x + count; px++)
            {
                row[px >> 3] &= (byte)~(0x80 >> (px & 7));
            }
        }
    }

    private static byte[] EncodePng(int width, int height, ReadOnlySpan<byte> filteredRows)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 1;  // bit depth
        header[9] = 0;  // grayscale
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(filteredRows);
            }
            WriteChunk(output, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        var crc = Crc32.Update(Crc32.Update(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc);
        output.Write(crcBytes);
    }

    private static byte[] Svg(QrCode code, string label)
    {
        var modules = code.Size + 2 * QuietZone;
        var textHeight = label.Length == 0 ? 0 : 6;
        var builder = new StringBuilder();
        builder.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{modules * Scale}\" height=\"{(modules + textHeight) * Scale}\" ")
            .Append($"viewBox=\"0 0 {modules} {modules + textHeight}\" shape-rendering=\"crispEdges\">")
            .Append($"<rect width=\"{modules}\" height=\"{modules + textHeight}\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
        for (var y = 0; y < code.Size; y++)
        {
            for (var x = 0; x < code.Size; x++)
            {
                if (code.IsDark(x, y))
                {
                    builder.Append($"M{x + QuietZone} {y + QuietZone}h1v1h-1z");
                }
            }
        }
        builder.Append("\"/>");
        if (label.Length > 0)
        {
            var fontSize = Math.Min(3.0, modules * 1.6 / label.Length).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
            builder.Append($"<text x=\"{modules / 2.0:0.#}\" y=\"{modules + 3.5:0.#}\" font-family=\"Arial, Helvetica, sans-serif\" font-size=\"{fontSize}\" ")
                .Append($"text-anchor=\"middle\" fill=\"#000\">{SecurityElement.Escape(label)}</text>");
        }
        builder.Append("</svg>");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static class Crc32
    {
        private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
        {
            var c = (uint)n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            return c;
        }).ToArray();

        public static uint Update(uint crc, ReadOnlySpan<byte> data)
        {
            foreach (var b in data)
            {
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }
            return crc;
        }
    }
}
