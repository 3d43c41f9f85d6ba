using System.Text.Json;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Tests.Templates;

namespace PortalRelease.Portal.Tests.Slos;

/// <summary>The SLO example in docs/templates.md must stay a valid template with the SLOs the text describes.</summary>
public sealed class SloDocsTests
{
    [Fact]
    public void Example_ParsesWithTheDocumentedSlosAndPolicy()
    {
        var yaml = TemplateDocs.Yaml(TemplateDocs.Section("#### Example: availability and latency SLOs with a burn-rate policy"));

        var parsed = new TemplateParser().Parse(yaml);

        Assert.Empty(parsed.Errors);
        var template = parsed.Template!;
        Assert.Equal("checkout", template.Service);
        var availability = template.Slos[0];
        Assert.Equal(("availability", 0.999, TimeSpan.FromDays(30)), (availability.Name, availability.Objective, availability.Window));
        Assert.Equal(BurnRatePolicy.Default, availability.BurnRate);
        // "more than 0.2 % of its requests fail over an hour": 2 × the 0.1 % budget.
        Assert.Equal(0.002, availability.BurnRate.PauseAbove * availability.Budget, 9);
        var latency = template.Slos[1];
        Assert.Equal("prometheus", latency.Provider);
        Assert.Equal(14.4, latency.BurnRate.PauseAbove);
        // "more than 72 % slow over 5 minutes", "more than 30 % over both the last hour and the last 5 minutes".
        Assert.Equal(0.72, latency.BurnRate.PauseAbove * latency.Budget, 9);
        Assert.Equal(0.30, latency.BurnRate.PauseAboveLong!.Value * latency.Budget, 9);
        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)), (latency.BurnRate.ShortWindow, latency.BurnRate.LongWindow));
        Assert.Contains("{{window}}", latency.Good, StringComparison.Ordinal);
        var compiled = new TemplateCompiler().Compile(template, new Dictionary<string, JsonElement>());
        Assert.Empty(compiled.Errors);
        Assert.Equal(template.Slos, compiled.Plan!.Slos);
    }
}
