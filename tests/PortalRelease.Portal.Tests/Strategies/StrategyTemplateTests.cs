using System.Text.Json;
using PortalRelease.Portal.Templates;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.Strategies;

/// <summary>Strategy, wave and rollback-scope syntax: errors with line and column, and the plans they compile to.</summary>
public sealed class StrategyTemplateTests
{
    private static readonly string[] Targets = ["a", "b", "c"];

    [Theory]
    [InlineData("    strategy: blueGren\n", 5, 15, "stages[0].strategy", "unknown strategy 'blueGren'; expected one of: canary, blueGreen, rolling, allAtOnce")]
    [InlineData("    strategy: BlueGreen\n", 5, 15, "stages[0].strategy", "unknown strategy 'BlueGreen'; did you mean 'blueGreen'?")]
    [InlineData("    strategy: { rolling: { batchSize: 0% } }\n", 5, 39, "stages[0].strategy.rolling.batchSize", "expected a batch size: a percentage from 1% to 100% such as '25%', or a whole number of instances such as '2'; found '0%'")]
    [InlineData("    strategy: { rolling: { batchSize: 2 } }\n", 5, 39, "stages[0].strategy.rolling.batchSize", "a batch size of 2 instances needs 'instances:' (how many instances each target runs), or write it as a percentage such as '25%'")]
    [InlineData("    strategy: { rolling: {} }\n", 5, 26, "stages[0].strategy.rolling.batchSize", "a rolling strategy needs 'batchSize:'")]
    [InlineData("    strategy: { blueGreen: { keepPrevious: 5m } }\n", 5, 30, "stages[0].strategy.blueGreen.keepPrevious", "unknown key 'keepPrevious'; expected one of: prePromotionAnalysis, postPromotionAnalysis, keepPreviousFor")]
    [InlineData("    strategy: { blueGreen: { keepPreviousFor: soon } }\n", 5, 47, "stages[0].strategy.blueGreen.keepPreviousFor", "")]
    public void BadStrategy_IsAnErrorWithLineAndColumn(string strategy, int line, int column, string path, string message)
    {
        var yaml = "name: t\nstages:\n  - name: s\n    targets: [a]\n" + strategy;

        var result = new TemplateParser().Parse(yaml);

        Assert.Null(result.Template);
        var error = Assert.Single(result.Errors);
        Assert.Equal((line, column, path), (error.Line, error.Column, error.Path));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StepsWithANonCanaryStrategy_AreAnErrorAtTheStepsKey()
    {
        var result = new TemplateParser().Parse("name: t\nstages:\n  - name: s\n    targets: [a]\n    strategy: allAtOnce\n    steps:\n      - setWeight: 10\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((6, 5, "stages[0].steps"), (error.Line, error.Column, error.Path));
        Assert.Contains("'steps:' belong to the canary strategy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WavesErrors_TargetsAndWavesTogether_TargetRepeatedAcrossWaves_BakeWithoutWaves_BadScope()
    {
        var result = new TemplateParser().Parse("""
            name: t
            stages:
              - name: s
                targets: [a]
                waves:
                  - targets: [b]
                  - targets: [b]
                strategy: allAtOnce
              - name: u
                targets: [c]
                bakeTime: 1m
                strategy: allAtOnce
            rollback:
              scope: wav
            """);

        Assert.Equal(
            [
                (4, 5, "stages[0].targets", "a stage lists its targets in 'targets:' or in 'waves:', not both"),
                (7, 19, "stages[0].waves[1].targets", "target 'b' is already in an earlier wave of this stage"),
                (11, 5, "stages[1].bakeTime", "'bakeTime:' is the wait between waves: it needs 'waves:' in the same stage"),
                (14, 10, "rollback.scope", "expected 'wave' (roll back the failed wave), 'component' (roll back the failed component of a release train) or 'all' (everything the release changed), found 'wav'"),
            ],
            result.Errors.Select(e => (e.Line, e.Column, e.Path, e.Message)));
    }

    [Fact]
    public void Waves_CompileToOneStagePerWave_WithBakeBetweenAndScope()
    {
        var plan = Compile("""
            name: t
            stages:
              - name: prod
                waves:
                  - targets: [a]
                  - targets: [b, c]
                bakeTime: 10m
                steps:
                  - setWeight: 10
            rollback:
              scope: wave
            """);

        Assert.Equal(RollbackScope.Wave, plan.Rollback.Scope);
        Assert.Equal(["prod · wave 1/2", "prod · wave 2/2"], plan.Stages.Select(s => s.DisplayName()));
        Assert.Equal([["a"], ["b", "c"]], plan.Stages.Select(s => s.Targets));
        Assert.Equal(
            ["Set canary weight to 10%", "Promote: the new version becomes stable", "Bake for 10m before wave 2", "Set canary weight to 10%", "Promote: the new version becomes stable"],
            plan.Steps().Select(s => s.Step.Describe()));
    }

    [Fact]
    public void Strategies_CompileToTheirDriverSteps()
    {
        var plan = Compile("""
            name: t
            stages:
              - name: blue
                targets: [a]
                strategy: { blueGreen: { keepPreviousFor: 1m } }
              - name: roll
                targets: [b]
                strategy: { rolling: { batchSize: 40%, pause: 5s } }
              - name: once
                targets: [c]
                strategy: allAtOnce
            """);

        Assert.Equal([DeploymentStrategy.BlueGreen, DeploymentStrategy.Rolling, DeploymentStrategy.AllAtOnce], plan.Stages.Select(s => s.Strategy));
        Assert.Equal(
            [
                "Deploy the new version as preview (no live traffic)",
                "Switch all traffic to the new version; the previous one keeps running",
                "Keep the previous version warm for 1m (a rollback switches back instantly)",
                "Retire the previous version",
                "Replace a batch: 40% of instances run the new version",
                "Pause for 5s",
                "Replace a batch: 80% of instances run the new version",
                "Pause for 5s",
                "Replace the last batch: every instance runs the new version",
                "Replace every instance at once",
            ],
            plan.Steps().Select(s => s.Step.Describe()));
        // The plan survives the journal's JSON round trip with its strategy steps.
        var json = JsonSerializer.Serialize(plan, PortalRelease.Portal.Releases.Journal.JournalJson.Options);
        var back = JsonSerializer.Deserialize<ReleasePlan>(json, PortalRelease.Portal.Releases.Journal.JournalJson.Options)!;
        Assert.Equal(plan.Steps().Select(s => s.Step), back.Steps().Select(s => s.Step));
    }

    [Fact]
    public void RollingBatchSizeFromAParameter_IsCheckedAtCompile()
    {
        var template = new TemplateParser().Parse("""
            name: t
            parameters:
              - name: batch
                type: string
                default: 50%
            stages:
              - name: roll
                targets: [a]
                strategy: { rolling: { batchSize: "{{ batch }}" } }
            """).Template!;

        var compiled = new TemplateCompiler().Compile(template, new Dictionary<string, JsonElement> { ["batch"] = JsonSerializer.SerializeToElement("half") });

        var error = Assert.Single(compiled.Errors);
        Assert.Equal("batch", error.Parameter);
        Assert.Contains("found 'half' (from parameter 'batch')", error.Message, StringComparison.Ordinal);
    }

    private static ReleasePlan Compile(string yaml)
    {
        var parsed = new TemplateParser().Parse(yaml, Targets.Contains);
        Assert.Empty(parsed.Errors);
        var compiled = new TemplateCompiler().Compile(parsed.Template!, new Dictionary<string, JsonElement>());
        Assert.Empty(compiled.Errors);
        return compiled.Plan!;
    }
}
