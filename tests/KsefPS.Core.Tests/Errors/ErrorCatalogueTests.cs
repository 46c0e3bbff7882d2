using System.Reflection;
using KsefPS.Core.Errors;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Core.Tests.Errors;

public class ErrorCatalogueTests
{
    private static IReadOnlyList<string> Ids() =>
        typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();

    [Fact]
    public void Every_error_id_is_documented_in_docs_errors_md_and_every_documented_one_exists()
    {
        var catalogue = File.ReadAllText(Path.Combine(Repository.Root, "docs", "errors.md"));
        var documented = System.Text.RegularExpressions.Regex.Matches(catalogue, @"^\| `(\w+)` \|", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();
        Assert.True(Ids().Count > 20);
        Assert.Empty(Ids().Except(documented));
        Assert.Empty(documented.Except(Ids()));
        Assert.Equal(documented.Count, documented.Distinct().Count());
    }

    [Fact]
    public void Every_error_id_is_raised_somewhere()
    {
        var sources = string.Join("\n", Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.EndsWith("ErrorIds.cs", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var names = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name);
        Assert.All(names, name => Assert.Contains($"ErrorIds.{name}", sources, StringComparison.Ordinal));
    }
}
