using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.Templates;

/// <summary>Reads docs/templates.md as its readers do: a section by its heading, its YAML example and its plan table.</summary>
internal static partial class TemplateDocs
{
    [GeneratedRegex(@"```yaml\n(?<yaml>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    /// <summary>A row of an example's plan table: <c>| 1 | Set canary weight to 10% |</c>.</summary>
    [GeneratedRegex(@"^\| \d+ \| (?<step>[^|]+) \|$", RegexOptions.Multiline)]
    private static partial Regex PlanRow();

    public static string Text() => File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "templates.md")).ReplaceLineEndings("\n");

    /// <summary>From <paramref name="heading"/> to the next heading.</summary>
    public static string Section(string heading)
    {
        var doc = Text();
        var start = doc.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/templates.md has no '{heading}'");
        var end = doc.IndexOf("\n#", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? doc[start..] : doc[start..end];
    }

    /// <summary>The first YAML block of <paramref name="text"/>.</summary>
    public static string Yaml(string text) => YamlBlock().Match(text).Groups["yaml"].Value;

    /// <summary>The example under <paramref name="heading"/> parses, compiles, and its plan is the table the section shows.</summary>
    public static void AssertCompilesToDocumentedPlan(string heading)
    {
        var section = Section(heading);
        var parsed = new TemplateParser().Parse(Yaml(section));
        Assert.Empty(parsed.Errors);
        var compiled = new TemplateCompiler().Compile(parsed.Template!, new Dictionary<string, JsonElement>());
        Assert.Empty(compiled.Errors);

        var documented = PlanRow().Matches(section).Select(m => m.Groups["step"].Value.Trim()).ToList();
        Assert.NotEmpty(documented);
        Assert.Equal(documented, compiled.Plan!.Steps().Select(s => s.Step.Describe()));
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
