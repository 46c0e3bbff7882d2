using KsefPS.Core.Errors;
using KsefPS.Core.Security;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Core.Tests.Security;

/// <summary>An -OutputDirectory that cannot be a folder is refused once, by name, before anything is written into it.</summary>
public sealed class OutputFolderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_missing_folder_passes_the_check_without_being_made_and_is_made_with_its_parents_when_ensured()
    {
        var folder = Path.Combine(_dir.Path, "upo", "2026", "12");

        Assert.Equal(folder, OutputFolder.Check(folder));
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "upo")));

        Assert.Equal(folder, OutputFolder.Ensure(folder));
        Assert.True(Directory.Exists(folder));
        Assert.Equal(folder, OutputFolder.Check(folder));
    }

    [Theory]
    [InlineData("inbox", "a file has that name")]
    [InlineData("inbox/2026", "is a file")]
    public void A_file_at_the_path_or_above_it_is_refused_by_the_check_and_by_ensure(string relative, string why)
    {
        File.WriteAllText(_dir.File("inbox"), "keep me");
        var folder = Path.Combine(_dir.Path, relative);

        var checkedOne = Assert.Throws<KsefException>(() => OutputFolder.Check(folder));
        var ensured = Assert.Throws<KsefException>(() => OutputFolder.Ensure(folder));

        Assert.All([checkedOne, ensured], e => Assert.Equal(ErrorIds.OutputWriteFailed, e.ErrorId));
        Assert.Contains(why, checkedOne.Message);
        Assert.Contains(why, ensured.Message);
        Assert.Equal("keep me", File.ReadAllText(_dir.File("inbox")));
    }

    [Fact]
    public void A_folder_the_system_will_not_make_is_OutputWriteFailed_with_the_reason()
    {
        // /proc takes no new folders, whoever asks (root included)
        var refused = Assert.Throws<KsefException>(() => OutputFolder.Ensure("/proc/ksefps-no-such-folder"));

        Assert.Equal(ErrorIds.OutputWriteFailed, refused.ErrorId);
        Assert.NotNull(refused.InnerException);
    }
}
