using System.Management.Automation;
using KsefPS.Infrastructure;

namespace KsefPS.Tests;

/// <summary>The shortcut past PowerShell's path resolution gives what PowerShell gives, or leaves the path to it.</summary>
public sealed class AbsoluteUnixPathTests : IDisposable
{
    private readonly PowerShell _shell = PowerShell.Create();

    public void Dispose() => _shell.Dispose();

    [Theory]
    [InlineData("/tmp/invoices/fv-1.xml")]
    [InlineData("/tmp/a/../b.xml")]
    [InlineData("/tmp/./x.xml")]
    [InlineData("/tmp//x.xml")]
    [InlineData("/tmp/dir/")]
    [InlineData("/tmp/a b/[x].xml")]
    [InlineData("/tmp/`[x`].xml")]
    [InlineData("/tmp/a:b.xml")]
    [InlineData("/tmp/zażółć/faktura ĄĘ.xml")]
    [InlineData("/../x.xml")]
    public void An_absolute_path_resolves_as_PowerShell_resolves_it(string path)
    {
        var resolved = AbsoluteUnixPath.Resolve(path);
        if (OperatingSystem.IsWindows())
        {
            Assert.Null(resolved);
            return;
        }
        Assert.Equal(_shell.Runspace.SessionStateProxy.Path.GetUnresolvedProviderPathFromPSPath(path), resolved);
    }

    [Theory]
    [InlineData("fv-1.xml")]
    [InlineData("./in/fv-1.xml")]
    [InlineData("~/fv-1.xml")]
    [InlineData("/tmp\\sub\\b.xml")]
    [InlineData("//server/share/fv-1.xml")]
    [InlineData("Microsoft.PowerShell.Core\\FileSystem::/tmp/fv-1.xml")]
    [InlineData("Temp:/fv-1.xml")]
    [InlineData("/")]
    [InlineData("")]
    public void Any_other_path_is_left_to_PowerShell(string path) => Assert.Null(AbsoluteUnixPath.Resolve(path));
}
