using System.Text.Json;
using System.Text.RegularExpressions;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.Templates;

/// <summary>The example in docs/templates.md must stay a valid template that compiles to the plan the page shows.</summary>
public sealed partial class TemplateDocsTests
{
    [GeneratedRegex(@"^\| \d+ \| [^|]*\| (?<step>[^|]+) \|$", RegexOptions.Multiline)]
    private static partial Regex PlanRow();

    [Fact]
    public void The_reference_example_parses_and_compiles_to_the_documented_plan()
    {
        var doc = TemplateDocs.Text();
        var yaml = TemplateDocs.Yaml(doc);

        var parsed = new TemplateParser().Parse(yaml);
        Assert.Empty(parsed.Errors);
        var values = new Dictionary<string, JsonElement> { ["region"] = JsonSerializer.SerializeToElement("us") };
        var compiled = new TemplateCompiler().Compile(parsed.Template!, values);
        Assert.Empty(compiled.Errors);

        var documented = PlanRow().Matches(doc).Select(m => m.Groups["step"].Value.Trim());
        Assert.Equal(documented, compiled.Plan!.Steps().Select(s => s.Step.Describe()));
        Assert.Equal(["sandbox-us"], compiled.Plan.Stages[0].Targets);
    }
}
