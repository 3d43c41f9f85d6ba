using System.Text.Json;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.Verification;

/// <summary>The analysis options in templates: parsing, errors with line and column, compiling, and old plans still reading.</summary>
public sealed class AnalysisTemplateTests
{
    /// <summary>Lines 1–13; analysis keys written after it start on line 14 at column 11.</summary>
    private const string Header = """
        name: t
        parameters:
          - name: margin
            type: number
            default: 0.2
        stages:
          - name: production
            targets: [sandbox-eu]
            steps:
              - analysis:
                  metric: latency-p95
                  interval: 5s
                  count: 3

        """;

    [Fact]
    public void EveryOption_ParsesAndCompilesIntoThePlan()
    {
        var yaml = Header + """
                      max: 900
                      failureLimit: 2
                      consecutiveFailureLimit: 2
                      inconclusiveLimit: 1
                      minSampleSize: 20
                      baseline:
                        compare: true
                        margin: "{{ margin }}"
                        alpha: 0.01
                        direction: lower-is-better

            """;

        var step = Compile(yaml);

        Assert.Equal(900, step.Max);
        Assert.Equal(2, step.FailureLimit);
        Assert.Equal(2, step.ConsecutiveFailureLimit);
        Assert.Equal(1, step.InconclusiveLimit);
        Assert.Equal(20, step.MinSampleSize);
        Assert.Equal(new AnalysisBaseline(0.2, 0.01, MetricDirection.LowerIsBetter), step.Baseline);
        Assert.Equal("Analyse latency-p95 ≤ 900 and ≤ baseline +20%: 3 × every 5s, fail after 3 failures or 2 in a row, pause after 2 inconclusive", step.Describe());
    }

    [Fact]
    public void BaselineAlone_TakesDefaults_AndAConsecutiveLimitAloneLeavesTheTotalUnlimited()
    {
        var step = Compile(Header + "          consecutiveFailureLimit: 2\n          baseline: { direction: higher-is-better }\n");

        Assert.Null(step.Max);
        Assert.Null(step.Min);
        Assert.Equal(new AnalysisBaseline(AnalysisBaseline.DefaultMargin, AnalysisBaseline.DefaultAlpha, MetricDirection.HigherIsBetter), step.Baseline);
        Assert.Equal(3, step.FailureLimit);
        Assert.Null(step.InconclusiveLimit);
        Assert.Equal(3, step.InconclusiveLimitOrDefault());
        Assert.Equal("Analyse latency-p95 ≥ baseline −10%: 3 × every 5s, fail after 2 failures in a row", step.Describe());
    }

    [Theory]
    [InlineData("          max: 1\n          consecutiveFailureLimit: 0\n", 15, 36, "consecutiveFailureLimit", "must be at least 1, found 0")]
    [InlineData("          max: 1\n          inconclusiveLimit: -1\n", 15, 30, "inconclusiveLimit", "must be at least 0, found -1")]
    [InlineData("          baseline: yes\n", 14, 21, "baseline", "expected a mapping such as")]
    [InlineData("          baseline:\n            margin: 1.5\n", 15, 21, "baseline.margin", "must be between 0 and 1, found 1.5")]
    [InlineData("          baseline:\n            alpha: 0\n", 15, 20, "baseline.alpha", "must be between 0.0001 and 0.5, found 0")]
    [InlineData("          baseline:\n            direction: sideways\n", 15, 24, "baseline.direction", "expected one of: lower-is-better, higher-is-better, found 'sideways'")]
    [InlineData("          baseline:\n            compare: maybe\n", 15, 22, "baseline.compare", "expected true or false, found 'maybe'")]
    [InlineData("          baseline:\n            margn: 0.1\n", 15, 13, "baseline.margn", "unknown key 'margn'; expected one of: compare, margin, alpha, direction")]
    [InlineData("          baseline: { compare: false }\n", 11, 11, "max", "needs 'max', 'min' or both, or a 'baseline' comparison")]
    public void BadOption_IsReportedWhereItIs(string fields, int line, int column, string key, string fragment)
    {
        var result = new TemplateParser().Parse(Header + fields);

        Assert.Null(result.Template);
        var error = Assert.Single(result.Errors);
        Assert.True(
            error.Line == line && error.Column == column && error.Path == "stages[0].steps[0].analysis." + key && error.Message.Contains(fragment, StringComparison.Ordinal),
            $"expected line {line}, column {column}, analysis.{key}, '{fragment}'; got {error}");
    }

    [Fact]
    public void MarginFromAParameter_IsCheckedWhenTheReleaseIsCreated()
    {
        var parsed = new TemplateParser().Parse(Header + "          baseline: { margin: \"{{ margin }}\" }\n");
        Assert.Empty(parsed.Errors);

        var compiled = new TemplateCompiler().Compile(parsed.Template!, new Dictionary<string, JsonElement> { ["margin"] = JsonSerializer.SerializeToElement(3) });

        var error = Assert.Single(compiled.Errors);
        Assert.Equal("margin", error.Parameter);
        Assert.Contains("stages[0].steps[0].analysis.baseline.margin: must be between 0 and 1, found 3 (from parameter 'margin')", error.Message);
    }

    [Fact]
    public void PlansAndEventsStoredBeforeTheOptions_StillDeserialize()
    {
        // Written by the walking skeleton: no consecutive or inconclusive limit, no baseline, no evidence.
        const string plan = """
            {"stages":[{"name":"sandbox","targets":["sandbox-eu"],"steps":[
              {"kind":"analysis","metric":"error-rate","max":0.05,"interval":"00:00:01","count":2,"failureLimit":0,"minSampleSize":0},
              {"kind":"promote"}]}],"rollback":{"onAnalysisFailure":true}}
            """;
        const string measurement = """
            {"index":1,"round":2,"target":"sandbox-eu","metric":"error-rate","value":0.25,"sampleSize":400,"max":0.05,"outcome":"Failed","explanation":"error-rate 0.25 is above the maximum 0.05 (400 samples)."}
            """;
        const string verdict = """{"index":1,"verdict":"Failed","measurements":2,"failures":1,"inconclusive":0,"explanation":"Failed: 1 of 2."}""";

        var step = Assert.IsType<AnalysisStep>(JsonSerializer.Deserialize<ReleasePlan>(plan, JournalJson.Options)!.Stages[0].Steps[0]);
        var taken = JsonSerializer.Deserialize<MeasurementTaken>(measurement, JournalJson.Options)!;
        var concluded = JsonSerializer.Deserialize<AnalysisVerdict>(verdict, JournalJson.Options)!;

        Assert.Null(step.ConsecutiveFailureLimit);
        Assert.Null(step.Baseline);
        Assert.Equal(2, step.InconclusiveLimitOrDefault());
        Assert.Equal("Analyse error-rate ≤ 0.05: 2 × every 1s, fail after 1 failure", step.Describe());
        Assert.Null(taken.Baseline);
        Assert.Equal(0, taken.ConsecutiveFailures);
        Assert.Equal(MeasurementOutcome.Failed, taken.Outcome);
        Assert.Null(concluded.Target);
    }

    [Fact]
    public void NewPlan_RoundTripsThroughJson()
    {
        var step = new AnalysisStep("latency-p95", null, null, null, TimeSpan.FromSeconds(5), 3, 3, 10, 2, 1, new AnalysisBaseline(0.1, 0.05, MetricDirection.HigherIsBetter));
        var plan = new ReleasePlan([new PlanStage("s", ["a"], [step])], new RollbackPolicy(true));

        var json = JsonSerializer.Serialize(plan, JournalJson.Options);
        var back = Assert.IsType<AnalysisStep>(JsonSerializer.Deserialize<ReleasePlan>(json, JournalJson.Options)!.Stages[0].Steps[0]);

        Assert.Equal(step, back);
    }

    private static AnalysisStep Compile(string yaml)
    {
        var parsed = new TemplateParser().Parse(yaml);
        Assert.Empty(parsed.Errors);
        var compiled = new TemplateCompiler().Compile(parsed.Template!, new Dictionary<string, JsonElement>());
        Assert.Empty(compiled.Errors);
        return Assert.IsType<AnalysisStep>(compiled.Plan!.Stages[0].Steps[0]);
    }
}
