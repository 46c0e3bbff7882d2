using System.Text.RegularExpressions;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Core.Tests.Conventions;

/// <summary>A reader looking for a type finds it in the file of its name, in every project under src/.</summary>
public partial class SourceLayoutTests
{
    // Namespaces are file-scoped throughout, so a type that is not nested is declared at the start of a line.
    [GeneratedRegex(@"^(?:(?:public|internal|file|static|sealed|abstract|readonly|partial|unsafe)\s+)*(?:record\s+(?:struct|class)|record|class|struct|enum|interface)\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();

    [Fact]
    public void Every_top_level_type_lives_in_the_file_of_its_name()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .ToList();
        Assert.True(sources.Count > 100);
        var misplaced =
            from path in sources
            // KsefStore.Offline.cs holds part of KsefStore.
            let owner = Path.GetFileName(path).Split('.')[0]
            from Match declaration in TopLevelType().Matches(File.ReadAllText(path))
            where declaration.Groups[1].Value != owner && !declaration.Value.StartsWith("file ", StringComparison.Ordinal)
            select $"{declaration.Groups[1].Value} in {Path.GetRelativePath(Repository.Root, path)}";
        Assert.Empty(misplaced);
    }
}
