using KsefPS.Core.Errors;
using KsefPS.Core.Security;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Core.Tests.Security;

/// <summary>Whole files written aside and renamed into place: never half a file, never through a planted link.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<bool> Ways => new() { false, true };

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task A_file_is_written_and_an_existing_one_replaced_with_nothing_left_beside_it(bool async)
    {
        var target = _dir.File("fv-1.kod1.png");
        File.WriteAllBytes(target, new byte[10_000]);

        await Write(async, target, [1, 2, 3]);

        Assert.Equal([1, 2, 3], File.ReadAllBytes(target));
        Assert.Equal([target], Directory.GetFiles(_dir.Path));
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task A_symbolic_link_planted_under_the_target_s_name_is_replaced_and_what_it_points_to_is_untouched(bool async)
    {
        var victim = _dir.File("victim.txt");
        File.WriteAllText(victim, "keep me");
        var target = _dir.File("UPO-1.xml");
        File.CreateSymbolicLink(target, victim);

        await Write(async, target, "<UPO/>"u8.ToArray());

        Assert.Equal("keep me", File.ReadAllText(victim));
        Assert.Null(new FileInfo(target).LinkTarget);
        Assert.Equal("<UPO/>", File.ReadAllText(target));
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task A_write_that_cannot_be_put_in_place_leaves_no_partial_file(bool async)
    {
        var target = Directory.CreateDirectory(_dir.File("taken.xml")).FullName;

        var refused = await Assert.ThrowsAsync<KsefException>(() => Write(async, target, [1]));

        Assert.Equal(ErrorIds.OutputWriteFailed, refused.ErrorId);
        Assert.IsAssignableFrom<IOException>(refused.InnerException);
        Assert.Empty(Directory.GetFiles(_dir.Path, AtomicFile.PartialFilePattern));
        Assert.True(Directory.Exists(target));
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task A_file_under_a_file_is_OutputWriteFailed_not_a_bare_IOException(bool async)
    {
        var notAFolder = _dir.File("inbox");
        File.WriteAllText(notAFolder, "");

        var refused = await Assert.ThrowsAsync<KsefException>(() => Write(async, Path.Combine(notAFolder, "fv-1.xml"), [1]));

        Assert.Equal(ErrorIds.OutputWriteFailed, refused.ErrorId);
        Assert.Equal("", File.ReadAllText(notAFolder));
    }

    private static Task Write(bool async, string target, byte[] content)
    {
        if (async)
        {
            return AtomicFile.WriteAsync(target, content, CancellationToken.None);
        }
        AtomicFile.Write(target, content);
        return Task.CompletedTask;
    }
}
