using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.Templates;

public sealed class TemplateParserTests
{
    private const string Full = """
        name: web-canary
        description: Canary a web service with analysis
        parameters:
          - name: maxErrorRate
            type: number
            default: 0.02
            description: Highest canary error rate accepted
            min: 0
            max: 1
          - name: region
            type: choice
            options: [eu, us]
          - name: weight
            type: int
            default: 10
          - name: bake
            type: duration
            default: 1m30s
          - name: strict
            type: bool
            default: false
          - name: owner
            type: string
            default: ""
        stages:
          - name: production
            targets: [sandbox-eu, "sandbox-{{region}}"]
            steps:
              - setWeight: "{{ weight }}"
              - pause: { duration: 30s }
              - pause: {}
              - analysis:
                  metric: error-rate
                  provider: sandbox
                  max: "{{ maxErrorRate }}"
                  min: 0
                  interval: 2s
                  count: 3
                  failureLimit: 1
                  minSampleSize: 50
              - setWeight: 100
        rollback:
          onAnalysisFailure: false
        """;

    [Fact]
    public void Parses_a_full_template_into_the_model()
    {
        var result = new TemplateParser().Parse(Full);

        Assert.Empty(result.Errors);
        var template = Assert.IsType<ReleaseTemplate>(result.Template);
        Assert.True(result.Succeeded);
        Assert.Equal("web-canary", template.Name);
        Assert.Equal("Canary a web service with analysis", template.Description);
        Assert.False(template.Rollback.OnAnalysisFailure);

        Assert.Equal(["maxErrorRate", "region", "weight", "bake", "strict", "owner"], template.Parameters.Select(p => p.Name));
        var rate = template.Parameters[0];
        Assert.Equal(new TemplateParameter("maxErrorRate", ParameterType.Number, "Highest canary error rate accepted", 0.02, false, 0, 1, rate.Options), rate);
        Assert.Empty(rate.Options);
        var region = template.Parameters[1];
        Assert.Equal(ParameterType.Choice, region.Type);
        Assert.True(region.Required);
        Assert.Null(region.Default);
        Assert.Equal(["eu", "us"], region.Options);
        Assert.Equal(10L, template.Parameters[2].Default);
        Assert.Equal(TimeSpan.FromSeconds(90), template.Parameters[3].Default);
        Assert.Equal(false, template.Parameters[4].Default);
        Assert.Equal("", template.Parameters[5].Default);
        Assert.False(template.Parameters[5].Required);

        var stage = Assert.Single(template.Stages);
        Assert.Equal("production", stage.Name);
        Assert.Equal(["sandbox-eu", "sandbox-{{region}}"], stage.Targets);
        Assert.Equal([new TemplateLocation(27, 15), new TemplateLocation(27, 27)], stage.TargetLocations);
        Assert.Collection(
            stage.Steps,
            s => Assert.Equal(new SetWeightDefinition("{{ weight }}", 29, 9), s),
            s => Assert.Equal(new PauseDefinition("30s", 30, 9), s),
            s => Assert.Equal(new PauseDefinition(null, 31, 9), s),
            s => Assert.Equal(new AnalysisDefinition("error-rate", "sandbox", "{{ maxErrorRate }}", "0", "2s", "3", "1", "50", 32, 9), s),
            s => Assert.Equal(new SetWeightDefinition("100", 41, 9), s));
    }

    [Fact]
    public void Optional_values_take_their_defaults()
    {
        var result = new TemplateParser().Parse("""
            name: minimal
            stages:
              - name: only
                targets: [a]
                steps:
                  - pause:
                  - analysis: { metric: error-rate, max: 1, interval: 1s, count: 1 }
            """);

        var template = Assert.IsType<ReleaseTemplate>(result.Template);
        Assert.Null(template.Description);
        Assert.Empty(template.Parameters);
        Assert.True(template.Rollback.OnAnalysisFailure);
        var steps = template.Stages[0].Steps;
        Assert.Equal(new PauseDefinition(null, 6, 9), steps[0]);
        var analysis = Assert.IsType<AnalysisDefinition>(steps[1]);
        Assert.Null(analysis.Provider);
        Assert.Null(analysis.Min);
        Assert.Equal("0", analysis.FailureLimit);
        Assert.Null(analysis.MinSampleSize);
    }

    [Fact]
    public void Reports_every_error_in_document_order()
    {
        var result = new TemplateParser().Parse("""
            name: Bad Name
            parameters:
              - name: rate
                type: number
                default: high
              - name: rate
                type: int
            stages:
              - name: production
                targets: []
                steps:
                  - setWeight: 101
                  - pause: { duration: soon }
                  - analysis:
                      metric: error-rate
                      max: "{{ missing }}"
                      count: 0
                  - jump: 3
              - name: production
                targets: [x]
                steps: []
            extra: true
            """);

        Assert.Null(result.Template);
        Assert.Equal(
            [
                (1, 7, "name"),
                (5, 14, "parameters[0].default"),
                (6, 11, "parameters[1].name"),
                (10, 14, "stages[0].targets"),
                (12, 20, "stages[0].steps[0].setWeight"),
                (13, 28, "stages[0].steps[1].pause.duration"),
                (15, 11, "stages[0].steps[2].analysis.interval"),
                (16, 16, "stages[0].steps[2].analysis.max"),
                (17, 18, "stages[0].steps[2].analysis.count"),
                (18, 9, "stages[0].steps[3].jump"),
                (19, 11, "stages[1].name"),
                (21, 12, "stages[1].steps"),
                (22, 1, "extra"),
            ],
            result.Errors.Select(e => (e.Line, e.Column, e.Path)));
    }

    [Fact]
    public void Reports_unknown_fixed_targets_when_asked()
    {
        const string yaml = """
            name: t
            parameters:
              - name: region
                type: string
                default: eu
            stages:
              - name: a
                targets: [sandbox-eu, nowhere, "sandbox-{{ region }}"]
                steps:
                  - setWeight: 1
            """;
        var parser = new TemplateParser();

        var checkedAtParse = parser.Parse(yaml, name => name == "sandbox-eu");

        var error = Assert.Single(checkedAtParse.Errors);
        Assert.Equal(new TemplateError(8, 27, "stages[0].targets[1]", "unknown target 'nowhere': no target with this name is configured"), error);

        var template = parser.Parse(yaml).Template!;
        Assert.Equal([error], parser.ValidateTargets(template, name => name == "sandbox-eu"));
        Assert.Empty(parser.ValidateTargets(template, _ => true));
    }

    [Fact]
    public void Placeholders_may_be_spaced_or_not_and_sit_inside_text()
    {
        var result = new TemplateParser().Parse("""
            name: t
            parameters:
              - name: env
                type: choice
                options: [eu, us]
              - name: w
                type: string
            stages:
              - name: a
                targets: ["sandbox-{{env}}", "{{   env   }}-backup"]
                steps:
                  - setWeight: "{{w}}"
                  - analysis: { metric: "{{ env }}-errors", provider: "{{env}}", max: 1, interval: 1s, count: 1 }
            """);

        Assert.Empty(result.Errors);
    }

    [Fact]
    public void A_second_step_key_and_the_values_of_both_are_reported()
    {
        var result = new TemplateParser().Parse("""
            name: t
            stages:
              - name: a
                targets: [x]
                steps:
                  - setWeight: 300
                    pause: { duration: never }
            """);

        Assert.Equal(
            ["stages[0].steps[0].setWeight", "stages[0].steps[0]", "stages[0].steps[0].pause.duration"],
            result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Too_many_aliases_are_refused()
    {
        var aliases = string.Concat(Enumerable.Range(0, TemplateParser.MaxAliases + 1).Select(_ => "      - *w\n"));
        var yaml = "name: t\nstages:\n  - name: a\n    targets: [x]\n    steps:\n      - &w { setWeight: 1 }\n" + aliases;

        var error = Assert.Single(new TemplateParser().Parse(yaml).Errors);

        Assert.Contains("at most 50 aliases", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused_without_overflowing_the_stack()
    {
        var yaml = "name: t\nstages: " + new string('[', 200_000) + new string(']', 200_000) + "\n";

        var error = Assert.Single(new TemplateParser().Parse(yaml).Errors);

        Assert.Equal((2, 9 + TemplateParser.MaxDepth - 1), (error.Line, error.Column));
        Assert.Contains("nested more than 32 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trailing_document_marker_is_harmless()
    {
        var result = new TemplateParser().Parse("---\nname: t\nstages:\n  - name: a\n    targets: [x]\n    steps:\n      - setWeight: 1\n---\n");

        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Text_over_the_size_limit_is_refused()
    {
        var error = Assert.Single(new TemplateParser().Parse("name: t\n" + new string('#', TemplateParser.MaxLength)).Errors);

        Assert.Contains("the limit is", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_few_aliases_are_fine()
    {
        var result = new TemplateParser().Parse("""
            name: t
            stages:
              - name: a
                targets: [x]
                steps:
                  - &check { analysis: { metric: error-rate, max: 0.1, interval: 1s, count: 2 } }
                  - setWeight: 50
                  - *check
            """);

        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Template!.Stages[0].Steps.Count);
    }

    [Fact]
    public void Error_text_shows_position_and_path()
    {
        Assert.Equal("line 3, column 5, stages[0].name: oops", new TemplateError(3, 5, "stages[0].name", "oops").ToString());
        Assert.Equal("line 1, column 1: empty", new TemplateError(1, 1, "", "empty").ToString());
    }
}
