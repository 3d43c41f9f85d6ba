using System.Text.Json;
using PortalRelease.Plugins.Prometheus.Queries;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Prometheus.Tests;

public sealed class TemplateTests
{
    private static readonly MetricQuery Query = new()
    {
        Target = new TargetContext { Name = "web-eu", Kind = "sandbox", Settings = JsonDocument.Parse("{}").RootElement.Clone() },
        Metric = "m",
        Cohort = Cohorts.Canary,
        Start = DateTimeOffset.UnixEpoch,
        End = DateTimeOffset.UnixEpoch.AddSeconds(30),
        ReleaseId = "rel-7",
        Version = "1.2.3",
    };

    [Fact]
    public void Render_EveryPlaceholder_IsReplaced()
    {
        var template = PromQlTemplate.TryParse("""x{release="{{release}}",version="{{ version }}",cohort="{{cohort}}",target="{{target}}"}[{{window}}]""", out var error)!;

        Assert.Null(error);
        Assert.Equal("""x{release="rel-7",version="1.2.3",cohort="canary",target="web-eu"}[30s]""", template.Render(Query, TimeSpan.FromSeconds(30), "m"));
    }

    [Theory]
    [InlineData("rate(x[{{window}}])", "rate(x[1500ms])")]
    [InlineData("rate(x{{window}})", "rate(x[1500ms])")]
    [InlineData("rate(x[ {{window}} ])", "rate(x[1500ms])")]
    public void Render_Window_GivesOnePairOfBracketsHoweverWritten(string text, string expected)
    {
        Assert.Equal(expected, PromQlTemplate.TryParse(text, out _)!.Render(Query, TimeSpan.FromMilliseconds(1500), "m"));
    }

    [Theory]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("a\"b", "a\\\"b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("a\u0001b", "a\\u0001b")]
    public void Escape_LabelValue_CannotEndTheString(string value, string expected)
    {
        Assert.Equal(expected, PromQlTemplate.Escape(value));
    }

    [Fact]
    public void Render_MissingVersion_SaysWhatIsMissing()
    {
        var template = PromQlTemplate.TryParse("""x{version="{{version}}"}""", out _)!;
        var query = new MetricQuery { Target = Query.Target, Metric = "m", Cohort = Cohorts.Canary, Start = Query.Start, End = Query.End };

        var error = Assert.Throws<DriverException>(() => template.Render(query, TimeSpan.FromSeconds(30), "error-rate"));

        Assert.Equal("The query for error-rate uses {{version}}, but this measurement has no version.", error.Message);
    }
}
