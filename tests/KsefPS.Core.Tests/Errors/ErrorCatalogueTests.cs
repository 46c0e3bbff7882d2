using System.Reflection;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Tests.Errors;

public class ErrorCatalogueTests
{
    [Fact]
    public void Every_error_id_is_documented_in_docs_errors_md()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "docs", "errors.md")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        var catalogue = File.ReadAllText(Path.Combine(directory!.FullName, "docs", "errors.md"));
        var ids = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        Assert.True(ids.Count > 20);
        Assert.All(ids, id => Assert.Contains($"| `{id}` |", catalogue));
    }
}
