using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.Verification;

/// <summary>The analysis example in docs/templates.md must stay a valid template that compiles to the plan the page shows.</summary>
public sealed partial class AnalysisDocsTests
{
    private const string Heading = "#### Example: canary against baseline, no absolute threshold";

    [GeneratedRegex(@"```yaml\n(?<yaml>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex(@"^\| \d+ \| (?<step>[^|]+) \|$", RegexOptions.Multiline)]
    private static partial Regex PlanRow();

    [Fact]
    public void TheBaselineExample_ParsesAndCompilesToTheDocumentedPlan()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "templates.md")).ReplaceLineEndings("\n");
        var start = doc.IndexOf(Heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/templates.md has no '{Heading}'");
        var section = doc[start..];
        section = section[..section.IndexOf("\n#", Heading.Length, StringComparison.Ordinal)];
        var yaml = YamlBlock().Match(section).Groups["yaml"].Value;

        var parsed = new TemplateParser().Parse(yaml);
        Assert.Empty(parsed.Errors);
        var compiled = new TemplateCompiler().Compile(parsed.Template!, new Dictionary<string, JsonElement>());
        Assert.Empty(compiled.Errors);

        var documented = PlanRow().Matches(section).Select(m => m.Groups["step"].Value.Trim());
        Assert.Equal(documented, compiled.Plan!.Steps().Select(s => s.Step.Describe()));
        var comparison = Assert.IsType<AnalysisStep>(compiled.Plan.Stages[0].Steps[1]);
        Assert.Equal(new AnalysisBaseline(0.1, 0.05, MetricDirection.LowerIsBetter), comparison.Baseline);
        Assert.Null(comparison.Max);
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
