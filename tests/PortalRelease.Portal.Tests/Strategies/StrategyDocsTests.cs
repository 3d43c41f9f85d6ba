using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.Strategies;

/// <summary>The strategy and wave examples in docs/templates.md must stay valid templates that compile to the plans the page shows.</summary>
public sealed partial class StrategyDocsTests
{
    [GeneratedRegex(@"```yaml\n(?<yaml>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex(@"^\| \d+ \| (?<step>[^|]+) \|$", RegexOptions.Multiline)]
    private static partial Regex PlanRow();

    [Theory]
    [InlineData("#### Example: blue-green with analyses and a warm window")]
    [InlineData("#### Example: rolling in batches of two instances")]
    [InlineData("#### Example: all at once, after a mirrored canary elsewhere")]
    [InlineData("#### Example: one region first, then the rest after ten minutes")]
    [InlineData("#### Example: migrate the database, then the API, then the web front end")]
    public void Example_ParsesAndCompilesToTheDocumentedPlan(string heading)
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "templates.md")).ReplaceLineEndings("\n");
        var start = doc.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/templates.md has no '{heading}'");
        var section = doc[start..];
        section = section[..section.IndexOf("\n#", heading.Length, StringComparison.Ordinal)];
        var yaml = YamlBlock().Match(section).Groups["yaml"].Value;

        var parsed = new TemplateParser().Parse(yaml);
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
