using System.Text.Json;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.Templates;

public sealed class TemplateSamplesTests
{
    private static readonly string[] SandboxTargets = ["sandbox-eu", "sandbox-us"];

    public static IEnumerable<object[]> SampleNames() => TemplateSamples.All.Select(s => new object[] { s.Name });

    [Fact]
    public void Ships_the_samples()
    {
        Assert.Equal(["all-at-once", "blue-green", "canary-mirror", "manual-gate", "quick-canary", "rolling", "slo-canary", "train", "waves", "web-canary"], TemplateSamples.All.Select(s => s.Name));
        Assert.NotNull(TemplateSamples.Find("quick-canary"));
        Assert.Null(TemplateSamples.Find("nope"));
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Parses_without_errors_and_compiles_with_defaults(string name)
    {
        var sample = TemplateSamples.Find(name)!;

        var parsed = new TemplateParser().Parse(sample.Yaml, SandboxTargets.Contains);

        Assert.Empty(parsed.Errors);
        var template = parsed.Template!;
        Assert.Equal(name, template.Name);
        Assert.False(string.IsNullOrWhiteSpace(template.Description));

        var compiled = new TemplateCompiler().Compile(template, new Dictionary<string, JsonElement>(), SandboxTargets.Contains);

        Assert.Empty(compiled.Errors);
        var plan = compiled.Plan!;
        // Every stage ends with the new version serving everything: a promotion, or the strategy's last driver call.
        Assert.All(plan.Stages, s => Assert.True(s.Steps[^1] is PromoteStep or StrategyApplyStep, $"{s.Name} ends with {s.Steps[^1].Describe()}"));
        Assert.True(RunTime(plan) < TimeSpan.FromSeconds(30), $"{name} runs {RunTime(plan)}");
    }

    [Fact]
    public void Web_canary_substitutes_its_region()
    {
        var template = new TemplateParser().Parse(TemplateSamples.Find("web-canary")!.Yaml).Template!;
        var values = new Dictionary<string, JsonElement> { ["region"] = JsonSerializer.SerializeToElement("us") };

        var plan = new TemplateCompiler().Compile(template, values, SandboxTargets.Contains).Plan!;

        Assert.Equal(["sandbox-us"], plan.Stages[0].Targets);
    }

    /// <summary>The time the plan spends waiting when nothing goes wrong (timed pauses and analysis intervals).</summary>
    private static TimeSpan RunTime(ReleasePlan plan) => plan.Steps().Aggregate(TimeSpan.Zero, (total, s) => total + s.Step switch
    {
        PauseStep { Duration: { } d } => d,
        AnalysisStep a => a.Interval * a.Count,
        BakeStep b => b.Duration,
        KeepWarmStep w => w.Duration,
        _ => TimeSpan.Zero,
    });
}
