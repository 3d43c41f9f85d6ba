using System.Text.Json;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.Templates;

public sealed class TemplateCompilerTests
{
    private const string Yaml = """
        name: web-canary
        parameters:
          - name: region
            type: choice
            options: [eu, us]
          - name: weight
            type: int
            default: 10
            min: 0
            max: 1000
          - name: bake
            type: duration
            default: 5s
          - name: maxErrorRate
            type: number
            default: 0.05
            min: 0
            max: 1
          - name: checks
            type: int
            default: 3
          - name: metric
            type: string
            default: error-rate
          - name: strict
            type: bool
            default: true
        stages:
          - name: production
            targets: ["sandbox-{{ region }}"]
            steps:
              - setWeight: "{{ weight }}"
              - pause: { duration: "{{ bake }}" }
              - pause: {}
              - analysis:
                  metric: "{{ metric }}"
                  provider: sandbox
                  max: "{{ maxErrorRate }}"
                  min: 0
                  interval: 2s
                  count: "{{ checks }}"
                  failureLimit: 1
                  minSampleSize: 50
          - name: everywhere
            targets: [sandbox-eu, sandbox-us]
            steps:
              - setWeight: 100
        rollback:
          onAnalysisFailure: false
        """;

    private static readonly ReleaseTemplate Template = new TemplateParser().Parse(Yaml).Template!;

    private static CompileResult Compile(object values, Func<string, bool>? targetExists = null) =>
        new TemplateCompiler().Compile(Template, Values(values), targetExists);

    private static Dictionary<string, JsonElement> Values(object values) =>
        JsonSerializer.SerializeToElement(values).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());

    [Fact]
    public void Fills_defaults_and_builds_the_plan()
    {
        var result = Compile(new { region = "eu" });

        Assert.Empty(result.Errors);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["region"] = "eu",
                ["weight"] = 10L,
                ["bake"] = TimeSpan.FromSeconds(5),
                ["maxErrorRate"] = 0.05,
                ["checks"] = 3L,
                ["metric"] = "error-rate",
                ["strict"] = true,
            },
            result.Parameters);
        var plan = Assert.IsType<ReleasePlan>(result.Plan);
        Assert.False(plan.Rollback.OnAnalysisFailure);
        Assert.Equal(["production", "everywhere"], plan.Stages.Select(s => s.Name));
        Assert.Equal(["sandbox-eu"], plan.Stages[0].Targets);
        Assert.Equal(
            [
                new SetWeightStep(10),
                new PauseStep(TimeSpan.FromSeconds(5)),
                new PauseStep(null),
                new AnalysisStep("error-rate", "sandbox", 0.05, 0, TimeSpan.FromSeconds(2), 3, 1, 50),
                new PromoteStep(),
            ],
            plan.Stages[0].Steps);
        Assert.Equal([new SetWeightStep(100), new PromoteStep()], plan.Stages[1].Steps);
        Assert.Equal(7, plan.StepCount);
    }

    [Fact]
    public void Given_values_replace_defaults_with_their_types()
    {
        var result = Compile(new { region = "us", weight = 25, bake = "1m30s", maxErrorRate = 0.5, checks = 4, metric = "latency-p95", strict = false });

        Assert.Empty(result.Errors);
        Assert.Equal(25L, result.Parameters["weight"]);
        Assert.Equal(false, result.Parameters["strict"]);
        var steps = result.Plan!.Stages[0].Steps;
        Assert.Equal(["sandbox-us"], result.Plan.Stages[0].Targets);
        Assert.Equal(new SetWeightStep(25), steps[0]);
        Assert.Equal(new PauseStep(TimeSpan.FromSeconds(90)), steps[1]);
        Assert.Equal(new AnalysisStep("latency-p95", "sandbox", 0.5, 0, TimeSpan.FromSeconds(2), 4, 1, 50), steps[3]);
    }

    [Fact]
    public void A_missing_required_parameter_is_an_error()
    {
        var result = Compile(new { });

        Assert.Null(result.Plan);
        Assert.Equal([new ParameterError("region", "a value is required: this parameter has no default")], result.Errors);
        Assert.False(result.Parameters.ContainsKey("region"));
        Assert.Equal(10L, result.Parameters["weight"]);
    }

    [Fact]
    public void A_null_value_counts_as_omitted()
    {
        var result = Compile(new { region = "eu", weight = (int?)null });

        Assert.Empty(result.Errors);
        Assert.Equal(10L, result.Parameters["weight"]);
    }

    [Theory]
    [InlineData("""{ "region": "asia" }""", "region", "'asia' is not one of the options: eu, us")]
    [InlineData("""{ "region": 1 }""", "region", "expected a string (one of the options), found the number 1")]
    [InlineData("""{ "region": "eu", "weight": "10" }""", "weight", "expected a whole number, found the string \"10\"")]
    [InlineData("""{ "region": "eu", "weight": 2.5 }""", "weight", "expected a whole number, found the number 2.5")]
    [InlineData("""{ "region": "eu", "weight": -1 }""", "weight", "-1 is below the minimum 0")]
    [InlineData("""{ "region": "eu", "maxErrorRate": 1.5 }""", "maxErrorRate", "1.5 is above the maximum 1")]
    [InlineData("""{ "region": "eu", "maxErrorRate": true }""", "maxErrorRate", "expected a number, found true")]
    [InlineData("""{ "region": "eu", "bake": "soon" }""", "bake", "expected a duration like 500ms, 30s, 5m or 1h30m, found 'soon'")]
    [InlineData("""{ "region": "eu", "bake": 30 }""", "bake", "expected a duration string like \"30s\", found the number 30")]
    [InlineData("""{ "region": "eu", "strict": "yes" }""", "strict", "expected true or false, found the string \"yes\"")]
    [InlineData("""{ "region": "eu", "metric": ["a"] }""", "metric", "expected a string, found an array")]
    [InlineData("""{ "region": "eu", "Weight": 5 }""", "Weight", "unknown parameter; did you mean 'weight'?")]
    [InlineData("""{ "region": "eu", "colour": "red" }""", "colour", "unknown parameter; the template declares: region, weight, bake, maxErrorRate, checks, metric, strict")]
    public void Bad_values_are_errors_naming_the_parameter(string json, string parameter, string message)
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

        var result = new TemplateCompiler().Compile(Template, values);

        Assert.Null(result.Plan);
        Assert.Equal([new ParameterError(parameter, message)], result.Errors);
    }

    [Fact]
    public void A_substituted_value_that_breaks_a_step_names_the_step_and_the_parameter()
    {
        var result = Compile(new { region = "eu", weight = 150, checks = 0 });

        Assert.Null(result.Plan);
        Assert.Equal(
            [
                new ParameterError("weight", "stages[0].steps[0].setWeight: must be between 0 and 100, found 150 (from parameter 'weight')"),
                new ParameterError("checks", "stages[0].steps[3].analysis.count: must be at least 1, found 0 (from parameter 'checks')"),
            ],
            result.Errors);
    }

    [Fact]
    public void Every_bad_value_is_reported_at_once()
    {
        var result = Compile(new { weight = "x", bake = "later", colour = 1 });

        Assert.Equal(["colour", "region", "weight", "bake"], result.Errors.Select(e => e.Parameter));
    }

    [Fact]
    public void Checks_targets_after_substitution()
    {
        var known = new HashSet<string> { "sandbox-eu", "sandbox-us" };

        Assert.Empty(Compile(new { region = "us" }, known.Contains).Errors);

        var result = Compile(new { region = "us" }, name => name == "sandbox-eu");

        Assert.Equal(
            [
                new ParameterError("region", "stages[0].targets[0]: unknown target 'sandbox-us': no target with this name is configured (from parameter 'region')"),
                new ParameterError("", "stages[1].targets[1]: unknown target 'sandbox-us': no target with this name is configured"),
            ],
            result.Errors);
    }

    [Fact]
    public void Textual_substitution_formats_typed_values()
    {
        var template = Parse("""
            name: t
            parameters:
              - name: n
                type: number
                default: 3
              - name: d
                type: duration
                default: 1m30s
              - name: i
                type: int
                default: 7
              - name: b
                type: bool
                default: false
            stages:
              - name: a
                targets: ["t-{{ n }}-{{ d }}-{{i}}-{{ b }}"]
                steps:
                  - setWeight: "{{ i }}0"
                  - pause: { duration: "{{ i }}s" }
                  - analysis: { metric: "m-{{ d }}", max: "{{ i }}.5", interval: "{{ d }}", count: "{{ n }}" }
            """);

        var result = new TemplateCompiler().Compile(template, Values(new { n = 2.0 }));

        Assert.Empty(result.Errors);
        var stage = result.Plan!.Stages[0];
        Assert.Equal(["t-2-1m30s-7-false"], stage.Targets);
        Assert.Equal(new SetWeightStep(70), stage.Steps[0]);
        Assert.Equal(new PauseStep(TimeSpan.FromSeconds(7)), stage.Steps[1]);
        Assert.Equal(new AnalysisStep("m-1m30s", null, 7.5, null, TimeSpan.FromSeconds(90), 2, 0, 0), stage.Steps[2]);
    }

    [Fact]
    public void A_whole_placeholder_keeps_the_typed_value()
    {
        var template = Parse("""
            name: t
            parameters:
              - name: weight
                type: string
              - name: limit
                type: number
            stages:
              - name: a
                targets: [x]
                steps:
                  - setWeight: "{{ weight }}"
                  - analysis: { metric: m, max: "{{ limit }}", interval: 1s, count: "{{ limit }}" }
            """);

        var ok = new TemplateCompiler().Compile(template, Values(new { weight = "40", limit = 3 }));
        Assert.Empty(ok.Errors);
        Assert.Equal(new SetWeightStep(40), ok.Plan!.Stages[0].Steps[0]);
        Assert.Equal(3.0, ((AnalysisStep)ok.Plan.Stages[0].Steps[1]).Max);

        var bad = new TemplateCompiler().Compile(template, Values(new { weight = "forty", limit = 2.5 }));
        Assert.Equal(
            [
                new ParameterError("weight", "stages[0].steps[0].setWeight: expected a whole number, found 'forty' (from parameter 'weight')"),
                new ParameterError("limit", "stages[0].steps[1].analysis.count: expected a whole number, found 2.5 (from parameter 'limit')"),
            ],
            bad.Errors);
    }

    [Fact]
    public void Min_above_max_after_substitution_is_an_error()
    {
        var template = Parse("""
            name: t
            parameters:
              - name: low
                type: number
            stages:
              - name: a
                targets: [x]
                steps:
                  - analysis: { metric: m, min: "{{ low }}", max: 1, interval: 1s, count: 1 }
            """);

        var result = new TemplateCompiler().Compile(template, Values(new { low = 2 }));

        Assert.Equal([new ParameterError("low", "stages[0].steps[0].analysis: min (2) is above max (1) (from parameter 'low')")], result.Errors);
    }

    [Fact]
    public void A_hand_built_template_with_an_undeclared_placeholder_is_an_error()
    {
        var template = new ReleaseTemplate(
            "t",
            null,
            [],
            [new StageDefinition("a", ["x"], [new SetWeightDefinition("{{ w }}", 1, 1)])],
            new RollbackPolicy(true));

        var result = new TemplateCompiler().Compile(template, new Dictionary<string, JsonElement>());

        Assert.Equal([new ParameterError("w", "stages[0].steps[0].setWeight: refers to parameter 'w', which the template does not declare")], result.Errors);
    }

    [Fact]
    public void The_plan_round_trips_through_json_with_its_step_types()
    {
        var plan = Compile(new { region = "eu" }).Plan!;

        var json = JsonSerializer.Serialize(plan);
        var back = JsonSerializer.Deserialize<ReleasePlan>(json)!;

        Assert.Contains("\"kind\":\"setWeight\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"promote\"", json, StringComparison.Ordinal);
        Assert.Equal(plan.Rollback, back.Rollback);
        Assert.Equal(plan.Stages.Count, back.Stages.Count);
        for (var s = 0; s < plan.Stages.Count; s++)
        {
            Assert.Equal(plan.Stages[s].Name, back.Stages[s].Name);
            Assert.Equal(plan.Stages[s].Targets, back.Stages[s].Targets);
            Assert.Equal(plan.Stages[s].Steps, back.Stages[s].Steps);
            Assert.Equal(plan.Stages[s].Steps.Select(p => p.GetType()), back.Stages[s].Steps.Select(p => p.GetType()));
        }
        Assert.Equal(json, JsonSerializer.Serialize(back));
    }

    private static ReleaseTemplate Parse(string yaml)
    {
        var result = new TemplateParser().Parse(yaml);
        Assert.Empty(result.Errors);
        return result.Template!;
    }
}
