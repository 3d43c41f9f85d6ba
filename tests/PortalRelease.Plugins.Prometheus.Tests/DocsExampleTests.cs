using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using PortalRelease.Plugins.Prometheus.Settings;
using PortalRelease.Portal.Templates;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Prometheus.Tests;

/// <summary>The Prometheus examples in docs/ stay valid: the template imports, the target settings validate.</summary>
public sealed partial class DocsExampleTests
{
    [Fact]
    public void TemplatesDoc_PrometheusExample_ParsesAndCompilesWithProviderPrometheus()
    {
        var yaml = Block(Doc("templates.md"), "#### Measuring with Prometheus", "yaml");

        var parsed = new TemplateParser().Parse(yaml);
        Assert.Empty(parsed.Errors);
        var compiled = new TemplateCompiler().Compile(parsed.Template!, new Dictionary<string, JsonElement>());
        Assert.Empty(compiled.Errors);

        var analyses = compiled.Plan!.Steps().Select(s => s.Step).OfType<AnalysisStep>().ToList();
        Assert.Equal(["error-rate", "latency-p95"], analyses.Select(a => a.Metric));
        Assert.All(analyses, a => Assert.Equal(PrometheusPlugin.Kind, a.Provider));
    }

    [Fact]
    public void Template_InlinePromQlMetricWithoutPlaceholders_IsAccepted()
    {
        const string yaml = """
            name: inline-promql
            stages:
              - name: production
                targets: [sandbox-eu]
                steps:
                  - analysis:
                      metric: "sum(rate(http_requests_total{code=~'5..'}[1m])) / sum(rate(http_requests_total[1m]))"
                      provider: prometheus
                      max: 0.02
                      interval: 30s
                      count: 2
            """;

        var parsed = new TemplateParser().Parse(yaml);

        Assert.Empty(parsed.Errors);
    }

    [Fact]
    public void GettingStartedDoc_TargetSettings_ValidateWithBothQueries()
    {
        using var body = JsonDocument.Parse(Block(Doc("getting-started.md"), "## 6. Measure a target with Prometheus", "json"));
        var errors = new List<SettingsError>();

        var settings = PrometheusSettingsReader.Read(body.RootElement.GetProperty("settings"), errors);

        Assert.Empty(errors);
        Assert.Equal(["error-rate", "latency-p95"], settings!.Queries.Keys.Order(StringComparer.Ordinal));
        Assert.NotNull(settings.Queries["error-rate"].Samples);
    }

    private static string Doc(string name)
    {
        var root = typeof(DocsExampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
        return File.ReadAllText(Path.Combine(root, "docs", name)).ReplaceLineEndings("\n");
    }

    // The first fenced block of that language after the heading.
    private static string Block(string doc, string heading, string language)
    {
        var at = doc.IndexOf("\n" + heading, StringComparison.Ordinal);
        Assert.True(at >= 0, $"Heading '{heading}' not found.");
        var match = new Regex($"```{language}\\n(?<body>.*?)```", RegexOptions.Singleline).Match(doc, at);
        Assert.True(match.Success, $"No {language} block after '{heading}'.");
        return match.Groups["body"].Value;
    }
}
