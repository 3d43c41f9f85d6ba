using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.Gates;

/// <summary>The gate examples in docs/templates.md must stay valid templates that compile to the plans the page shows.</summary>
public sealed partial class GateDocsTests
{
    [GeneratedRegex(@"```yaml\n(?<yaml>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex(@"^\| \d+ \| (?<step>[^|]+) \|$", RegexOptions.Multiline)]
    private static partial Regex PlanRow();

    [Theory]
    [InlineData("#### Example: two release managers before production")]
    [InlineData("#### Example: a stage in the production calendar")]
    [InlineData("#### Example: the service a quarantine names")]
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

    [Fact]
    public void ApprovalExample_GatesProductionAndNamesTheService()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "templates.md")).ReplaceLineEndings("\n");
        var section = doc[doc.IndexOf("#### Example: two release managers", StringComparison.Ordinal)..];
        var template = new TemplateParser().Parse(YamlBlock().Match(section).Groups["yaml"].Value).Template!;

        Assert.Equal("checkout", template.Service);
        Assert.Equal("release-managers", template.Stages[1].Approval!.Role);
        Assert.Null(template.Stages[0].Approval);
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
