using KsefPS.Core.Security;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Core.Tests.Security;

/// <summary>
/// The short way of reading a whole file on 64-bit Linux takes ordinary files only and leaves everything else to .NET's
/// way (answers false), which refuses or reads as it always has. Elsewhere it always answers false.
/// </summary>
public sealed class UnixFileReaderTests : IDisposable
{
    private const int Limit = 100_000;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static bool Applies => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    [Theory]
    [InlineData(1)]
    [InlineData(2_345)]
    [InlineData(Limit)]
    public void An_ordinary_file_is_read_byte_for_byte(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        var path = _dir.File("faktura ąęłńóśźż.xml");
        File.WriteAllBytes(path, bytes);

        var read = TryRead(path, Limit, out var content);

        Assert.Equal(Applies, read);
        Assert.Equal(Applies ? bytes : [], content);
    }

    [Fact]
    public void A_file_that_fits_the_buffer_given_is_read_into_it_and_a_larger_one_into_a_new_array_of_its_size()
    {
        var small = new byte[100];
        var large = new byte[5_000];
        Random.Shared.NextBytes(small);
        Random.Shared.NextBytes(large);
        var smallPath = _dir.File("small.xml");
        var largePath = _dir.File("large.xml");
        File.WriteAllBytes(smallPath, small);
        File.WriteAllBytes(largePath, large);
        var given = new byte[1_000];
        byte[]? buffer = given;

        Assert.Equal(Applies, UnixFileReader.TryReadInto(smallPath, Limit, ref buffer, out var smallLength, out _));
        Assert.Same(given, buffer);
        Assert.Equal(Applies ? small : [], buffer.AsSpan(0, smallLength).ToArray());

        Assert.Equal(Applies, UnixFileReader.TryReadInto(largePath, Limit, ref buffer, out var largeLength, out _));
        Assert.Equal(Applies ? large : given, buffer);
        Assert.Equal(Applies ? large.Length : 0, largeLength);
    }

    [Fact]
    public void A_link_to_an_ordinary_file_is_read_as_the_file()
    {
        var target = _dir.File("target.xml");
        File.WriteAllText(target, "<Faktura/>");
        var link = _dir.File("link.xml");
        File.CreateSymbolicLink(link, target);

        Assert.Equal(Applies, TryRead(link, Limit, out var content));
        Assert.Equal(Applies ? File.ReadAllBytes(target) : [], content);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("directory")]
    [InlineData("empty")]
    [InlineData("one byte over")]
    [InlineData("/dev/zero")]
    [InlineData("/proc/self/status")]
    public void Anything_else_is_left_to_the_usual_way(string kind)
    {
        var path = kind switch
        {
            "missing" => _dir.File("missing.xml"),
            "directory" => Directory.CreateDirectory(_dir.File("folder.xml")).FullName,
            "empty" => Written("empty.xml", 0),
            "one byte over" => Written("large.xml", Limit + 1),
            _ => kind,
        };

        Assert.False(TryRead(path, Limit, out var content, out var special));
        Assert.Empty(content);
        Assert.Equal(Applies && kind == "/dev/zero", special);
    }

    [Fact]
    public async Task A_pipe_with_no_writer_is_left_to_the_usual_way_without_waiting_for_one()
    {
        var fifo = _dir.File("pipe.xml");
        if (Applies)
        {
            ExternalTool.Run("mkfifo", _dir.Path, fifo);
        }

        // A blocking open would wait here for a writer that never comes; the time limit only turns that into a failure.
        var (read, special) = await Task.Run(() => (TryRead(fifo, Limit, out _, out var isSpecial), isSpecial)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(read);
        Assert.Equal(Applies, special);
    }

    [Theory]
    [InlineData("pipe")]
    [InlineData("/dev/zero")]
    public async Task A_pipe_or_a_device_behind_a_link_is_said_to_be_one_without_waiting_for_a_writer(string kind)
    {
        var target = kind == "pipe" ? _dir.File("pipe") : kind;
        if (kind == "pipe" && Applies)
        {
            ExternalTool.Run("mkfifo", _dir.Path, target);
        }
        var link = _dir.File("link.xml");
        File.CreateSymbolicLink(link, target);

        var (read, special) = await Task.Run(() => (TryRead(link, Limit, out _, out var isSpecial), isSpecial)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(read);
        Assert.Equal(Applies, special);
    }

    [Fact]
    public void A_file_another_handle_holds_exclusively_is_refused_as_NET_refuses_it()
    {
        var path = Written("held.xml", 100);
        using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.False(TryRead(path, Limit, out _));
            Assert.Throws<IOException>(() => BoundedFile.Read(path, Limit, (_, why) => new InvalidDataException(why)));
        }

        Assert.Equal(File.ReadAllBytes(path), BoundedFile.Read(path, Limit, (_, why) => new InvalidDataException(why)));
    }

    /// <summary>The whole file as a new array, or false.</summary>
    private static bool TryRead(string path, int limit, out byte[] content) => TryRead(path, limit, out content, out _);

    private static bool TryRead(string path, int limit, out byte[] content, out bool special)
    {
        byte[]? buffer = null;
        var read = UnixFileReader.TryReadInto(path, limit, ref buffer, out var length, out special);
        content = read ? buffer.AsSpan(0, length).ToArray() : [];
        return read;
    }

    private string Written(string name, int size)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, new byte[size]);
        return path;
    }
}
