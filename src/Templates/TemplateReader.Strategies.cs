using PortalRelease.Sdk;
using YamlDotNet.RepresentationModel;

namespace PortalRelease.Portal.Templates;

/// <summary>A stage's <c>strategy:</c> (canary, blueGreen, rolling, allAtOnce), <c>waves:</c> and <c>bakeTime:</c>.</summary>
internal sealed partial class TemplateReader
{
    private static readonly string[] StrategyNames = ["canary", "blueGreen", "rolling", "allAtOnce"];
    private static readonly string[] BlueGreenKeys = ["prePromotionAnalysis", "postPromotionAnalysis", "keepPreviousFor"];
    private static readonly string[] RollingKeys = ["batchSize", "instances", "analysis", "pause"];
    private static readonly string[] WaveKeys = ["targets"];
    private static readonly FieldSpec InstanceCount = new(FieldKind.Int, 1, 100_000);

    private const string StrategyHint = "'canary', 'blueGreen', 'rolling', 'allAtOnce', or a mapping such as '{ rolling: { batchSize: 25% } }'";

    /// <summary>The stage's strategy; canary when the key is absent. Null when it is written wrongly (the error is recorded).</summary>
    private StrategyDefinition? ReadStrategy(YamlNode? node, string path)
    {
        if (node is null)
        {
            return new StrategyDefinition(DeploymentStrategy.Canary, 0, 0);
        }
        var line = (int)node.Start.Line;
        var column = (int)node.Start.Column;
        if (node is YamlScalarNode && !IsNull(node))
        {
            var name = Scalar(node, path) ?? "";
            return StrategyKind(node, path, name) is { } kind ? new StrategyDefinition(kind, line, column) : null;
        }
        if (Mapping(node, path, StrategyHint) is not { } map)
        {
            return null;
        }
        if (map.Children.Count != 1)
        {
            Error(map, path, $"a strategy is one of {string.Join(", ", StrategyNames)}; found {map.Children.Count} keys");
            return null;
        }
        var (keyNode, options) = map.Children.Single();
        var strategyName = keyNode is YamlScalarNode { Value: { } text } ? text : "";
        if (StrategyKind(keyNode, path, strategyName) is not { } strategy)
        {
            return null;
        }
        var optionsPath = Join(path, strategyName);
        var definition = new StrategyDefinition(strategy, line, column);
        if (IsNull(options))
        {
            return strategy == DeploymentStrategy.Rolling ? MissingBatchSize(options, optionsPath) : definition;
        }
        return strategy switch
        {
            DeploymentStrategy.BlueGreen => ReadBlueGreen(options, optionsPath, definition),
            DeploymentStrategy.Rolling => ReadRolling(options, optionsPath, definition),
            _ => NoOptions(options, optionsPath, strategyName, definition),
        };
    }

    private DeploymentStrategy? StrategyKind(YamlNode node, string path, string name)
    {
        switch (name)
        {
            case "canary":
                return DeploymentStrategy.Canary;
            case "blueGreen":
                return DeploymentStrategy.BlueGreen;
            case "rolling":
                return DeploymentStrategy.Rolling;
            case "allAtOnce":
                return DeploymentStrategy.AllAtOnce;
            default:
                var near = StrategyNames.FirstOrDefault(k => string.Equals(k.Replace("-", "", StringComparison.Ordinal), name.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
                Error(node, path, near is not null
                    ? $"unknown strategy '{name}'; did you mean '{near}'?"
                    : $"unknown strategy '{name}'; expected one of: {string.Join(", ", StrategyNames)}");
                return null;
        }
    }

    private StrategyDefinition? NoOptions(YamlNode options, string path, string name, StrategyDefinition definition)
    {
        if (options is YamlMappingNode { Children.Count: 0 })
        {
            return definition;
        }
        Error(options, path, name == "canary"
            ? "the canary strategy takes no options here: write its steps under the stage's 'steps:'"
            : $"the {name} strategy takes no options; write 'strategy: {name}'");
        return null;
    }

    private StrategyDefinition? ReadBlueGreen(YamlNode node, string path, StrategyDefinition definition)
    {
        if (Mapping(node, path, "blue-green options such as '{ keepPreviousFor: 10m, prePromotionAnalysis: { ... } }'") is not { } map)
        {
            return null;
        }
        var fields = ReadFields(map, path, BlueGreenKeys);
        var ok = fields.Entries.Count == map.Children.Count;
        AnalysisDefinition? pre = null, post = null;
        string? keep = null;
        if (fields.Entries.TryGetValue("prePromotionAnalysis", out var preEntry))
        {
            pre = ReadAnalysis(preEntry.Value, Join(path, "prePromotionAnalysis"), (int)preEntry.Key.Start.Line, (int)preEntry.Key.Start.Column);
            ok &= pre is not null;
        }
        if (fields.Entries.TryGetValue("postPromotionAnalysis", out var postEntry))
        {
            post = ReadAnalysis(postEntry.Value, Join(path, "postPromotionAnalysis"), (int)postEntry.Key.Start.Line, (int)postEntry.Key.Start.Column);
            ok &= post is not null;
        }
        if (fields.Get("keepPreviousFor") is { } keepNode)
        {
            keep = ReadValue(keepNode, Join(path, "keepPreviousFor"), FieldSpec.PauseDuration);
            ok &= keep is not null;
        }
        return ok ? definition with { PrePromotionAnalysis = pre, PostPromotionAnalysis = post, KeepPreviousFor = keep } : null;
    }

    private StrategyDefinition? ReadRolling(YamlNode node, string path, StrategyDefinition definition)
    {
        if (Mapping(node, path, "rolling options such as '{ batchSize: 25% }' or '{ batchSize: 2, instances: 8 }'") is not { } map)
        {
            return null;
        }
        var fields = ReadFields(map, path, RollingKeys);
        var ok = fields.Entries.Count == map.Children.Count;
        if (fields.Get("batchSize") is not { } batchNode)
        {
            return MissingBatchSize(map, path);
        }
        var batchPath = Join(path, "batchSize");
        var batch = ReadValue(batchNode, batchPath, FieldSpec.Text);
        string? instances = null;
        if (fields.Get("instances") is { } instancesNode)
        {
            instances = ReadValue(instancesNode, Join(path, "instances"), InstanceCount);
            ok &= instances is not null;
        }
        if (batch is not null && !Placeholders.Contains(batch))
        {
            if (BatchSizes.Parse(batch) is not { } size)
            {
                Error(batchNode, batchPath, BatchSizes.Problem(batch));
                batch = null;
            }
            else if (!size.IsPercent && fields.Get("instances") is null)
            {
                Error(batchNode, batchPath, $"a batch size of {size.Value} instances needs 'instances:' (how many instances each target runs), or write it as a percentage such as '25%'");
                batch = null;
            }
        }
        ok &= batch is not null;
        AnalysisDefinition? analysis = null;
        if (fields.Entries.TryGetValue("analysis", out var analysisEntry))
        {
            analysis = ReadAnalysis(analysisEntry.Value, Join(path, "analysis"), (int)analysisEntry.Key.Start.Line, (int)analysisEntry.Key.Start.Column);
            ok &= analysis is not null;
        }
        string? pause = null;
        if (fields.Get("pause") is { } pauseNode)
        {
            pause = ReadValue(pauseNode, Join(path, "pause"), FieldSpec.PauseDuration);
            ok &= pause is not null;
        }
        return ok ? definition with { BatchSize = batch, Instances = instances, BatchAnalysis = analysis, BatchPause = pause } : null;
    }

    private RollbackScope ReadRollbackScope(YamlNode? node)
    {
        const string path = "rollback.scope";
        if (node is null || Scalar(node, path) is not { } text)
        {
            return RollbackScope.All;
        }
        switch (text)
        {
            case "all":
                return RollbackScope.All;
            case "wave":
                return RollbackScope.Wave;
            case "component":
                return ReadComponentScope(node, path);
            default:
                Error(node, path, $"expected 'wave' (roll back the failed wave), 'component' (roll back the failed component of a release train) or 'all' (everything the release changed), found '{text}'");
                return RollbackScope.All;
        }
    }

    private StrategyDefinition? MissingBatchSize(YamlNode node, string path)
    {
        Error(node, Join(path, "batchSize"), "a rolling strategy needs 'batchSize:', a percentage such as '25%' or a count with 'instances:'");
        return null;
    }

    /// <summary>
    /// Reads <c>targets:</c> or <c>waves:</c> (exactly one), <c>steps:</c> (canary only), <c>strategy:</c> and
    /// <c>bakeTime:</c> of one stage.
    /// </summary>
    private StageLayout ReadStageLayout(Fields fields, string path)
    {
        var ok = true;
        var strategy = ReadStrategy(fields.Get("strategy"), Join(path, "strategy"));
        ok &= strategy is not null;
        List<(string Name, TemplateLocation Location)>? targets = null;
        List<WaveDefinition>? waves = null;
        if (fields.Entries.TryGetValue("waves", out var wavesEntry))
        {
            if (fields.Entries.TryGetValue("targets", out var both))
            {
                Error(both.Key, Join(path, "targets"), "a stage lists its targets in 'targets:' or in 'waves:', not both");
                ok = false;
            }
            waves = ReadWaves(wavesEntry.Value, Join(path, "waves"));
            targets = waves?.SelectMany(w => w.Targets.Zip(w.Locations)).ToList();
        }
        else
        {
            targets = ReadTargets(Required(fields, "targets"), Join(path, "targets"));
        }
        string? bake = null;
        if (fields.Entries.TryGetValue("bakeTime", out var bakeEntry))
        {
            if (waves is null && !fields.Entries.ContainsKey("waves"))
            {
                Error(bakeEntry.Key, Join(path, "bakeTime"), "'bakeTime:' is the wait between waves: it needs 'waves:' in the same stage");
                ok = false;
            }
            else
            {
                bake = ReadValue(bakeEntry.Value, Join(path, "bakeTime"), FieldSpec.PauseDuration);
                ok &= bake is not null;
            }
        }
        List<StepDefinition>? steps = [];
        if (strategy is null)
        {
            // The strategy is written wrongly (reported): check steps if there are any, without asking for them.
            steps = fields.Get("steps") is { } written ? ReadSteps(written, Join(path, "steps")) : [];
        }
        else if (strategy.Kind == DeploymentStrategy.Canary)
        {
            steps = ReadSteps(Required(fields, "steps"), Join(path, "steps"));
        }
        else if (fields.Entries.TryGetValue("steps", out var stepsEntry))
        {
            var name = StrategyDefinition.NameOf(strategy.Kind);
            Error(stepsEntry.Key, Join(path, "steps"), $"'steps:' belong to the canary strategy; the {name} strategy takes its options under 'strategy: {{ {name}: {{ ... }} }}'");
            ok = false;
        }
        ok &= steps is not null && targets is not null;
        return new StageLayout(targets, steps, strategy, waves, bake, ok);
    }

    /// <summary>The <c>waves:</c> list; each wave's targets are read like a stage's.</summary>
    private List<WaveDefinition>? ReadWaves(YamlNode node, string path)
    {
        if (Sequence(node, path, "a list of waves such as [{ targets: [a] }, { targets: [b, c] }]") is not { } list)
        {
            return null;
        }
        if (list.Children.Count == 0)
        {
            Error(list, path, "a stage with 'waves:' needs at least one wave");
            return null;
        }
        var waves = new List<WaveDefinition>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ok = true;
        for (var i = 0; i < list.Children.Count; i++)
        {
            var wavePath = Index(path, i);
            if (Mapping(list.Children[i], wavePath, "a wave: a mapping such as { targets: [a, b] }") is not { } map)
            {
                ok = false;
                continue;
            }
            var fields = ReadFields(map, wavePath, WaveKeys);
            var targetsPath = Join(wavePath, "targets");
            if (Required(fields, "targets") is not { } targetsNode || ReadTargets(targetsNode, targetsPath) is not { } targets)
            {
                ok = false;
                continue;
            }
            foreach (var (target, at) in targets)
            {
                if (!Placeholders.Contains(target) && !seen.Add(target))
                {
                    Error(at.Line, at.Column, targetsPath, $"target '{target}' is already in an earlier wave of this stage");
                    ok = false;
                }
            }
            waves.Add(new WaveDefinition(targets.Select(t => t.Name).ToList(), (int)map.Start.Line, (int)map.Start.Column)
            {
                Locations = targets.Select(t => t.Location).ToList(),
            });
        }
        return ok ? waves : null;
    }
}

/// <summary>What a stage deploys and how: its targets (all waves, in order), steps, strategy, waves and bake time.</summary>
internal sealed record StageLayout(
    List<(string Name, TemplateLocation Location)>? Targets,
    List<StepDefinition>? Steps,
    StrategyDefinition? Strategy,
    IReadOnlyList<WaveDefinition>? Waves,
    string? BakeTime,
    bool Ok);
