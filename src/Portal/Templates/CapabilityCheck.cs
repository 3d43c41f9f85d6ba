using PortalRelease.Portal.Data;
using PortalRelease.Portal.Plugins;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Templates;

/// <summary>
/// Refuses steps a target's driver cannot perform by its declared <see cref="ITargetDriver.Capabilities"/>: at template
/// import for targets named literally (with the line and column of the step or strategy), and at release creation for
/// every target of the compiled plan (which covers targets chosen by parameters).
/// </summary>
public sealed class CapabilityCheck(TargetRepository targets, PluginCatalog plugins)
{
    /// <summary>Errors for the fixed targets of <paramref name="template"/>; targets that do not exist or whose driver is not loaded are left to other checks.</summary>
    public async Task<IReadOnlyList<TemplateError>> CheckTemplateAsync(ReleaseTemplate template, CancellationToken cancellationToken)
    {
        var kinds = await KindsAsync(cancellationToken);
        var errors = new List<TemplateError>();
        for (var s = 0; s < template.Stages.Count; s++)
        {
            var stage = template.Stages[s];
            var needs = Needs(stage, $"stages[{s}]").ToList();
            for (var t = 0; t < stage.Targets.Count; t++)
            {
                var name = stage.Targets[t];
                if (Placeholders.Contains(name) || Capabilities(kinds, name) is not { } has)
                {
                    continue;
                }
                var fallback = t < stage.TargetLocations.Count ? stage.TargetLocations[t] : new TemplateLocation(1, 1);
                foreach (var need in needs.Where(n => !has.Capabilities.HasFlag(n.Capability)))
                {
                    var at = need.At.Line > 0 ? need.At : fallback;
                    errors.Add(new TemplateError(at.Line, at.Column, need.Path, Message(name, has.Kind, need)));
                }
            }
        }
        return errors;
    }

    /// <summary>Problems with the compiled plan, one per target and missing capability.</summary>
    public async Task<IReadOnlyList<string>> CheckPlanAsync(ReleasePlan plan, CancellationToken cancellationToken)
    {
        var kinds = (await targets.GetManyAsync(plan.Stages.SelectMany(s => s.Targets), cancellationToken))
            .ToDictionary(t => t.Key, t => t.Value.Kind, StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var stage in plan.Stages)
        {
            var needs = stage.Steps.Select(Need).OfType<(DriverCapabilities Capability, string What)>().Distinct().ToList();
            foreach (var name in stage.Targets)
            {
                if (Capabilities(kinds, name) is not { } has)
                {
                    continue;
                }
                foreach (var (capability, what) in needs.Where(n => !has.Capabilities.HasFlag(n.Capability)))
                {
                    errors.Add($"stage '{stage.DisplayName()}': " + Message(name, has.Kind, new Requirement(capability, what, default, "")));
                }
            }
        }
        return errors;
    }

    private sealed record Requirement(DriverCapabilities Capability, string What, TemplateLocation At, string Path);

    private static string Message(string target, string kind, Requirement need) =>
        $"target '{target}' (kind '{kind}') cannot {need.What}: its driver does not declare the {need.Capability} capability";

    private static IEnumerable<Requirement> Needs(StageDefinition stage, string path)
    {
        var strategy = stage.Strategy;
        var at = strategy is null ? default : new TemplateLocation(strategy.Line, strategy.Column);
        switch (strategy?.Kind ?? DeploymentStrategy.Canary)
        {
            case DeploymentStrategy.BlueGreen:
                yield return new Requirement(DriverCapabilities.BlueGreen, "deploy blue-green", at, $"{path}.strategy");
                yield break;
            case DeploymentStrategy.Rolling:
                yield return new Requirement(DriverCapabilities.Rolling, "deploy in rolling batches", at, $"{path}.strategy");
                yield break;
            case DeploymentStrategy.AllAtOnce:
                yield return new Requirement(DriverCapabilities.AllAtOnce, "deploy all at once", at, $"{path}.strategy");
                yield break;
        }
        for (var i = 0; i < stage.Steps.Count; i++)
        {
            var step = stage.Steps[i];
            var where = new TemplateLocation(step.Line, step.Column);
            switch (step)
            {
                case SetWeightDefinition:
                    yield return new Requirement(DriverCapabilities.WeightedCanary, "route a weighted share of traffic to a canary", where, $"{path}.steps[{i}].setWeight");
                    break;
                case MirrorDefinition:
                    yield return new Requirement(DriverCapabilities.TrafficMirroring, "mirror traffic", where, $"{path}.steps[{i}].mirror");
                    break;
            }
        }
    }

    private static (DriverCapabilities Capability, string What)? Need(PlanStep step) => step switch
    {
        SetWeightStep => (DriverCapabilities.WeightedCanary, "route a weighted share of traffic to a canary"),
        StrategyApplyStep { Cohort: Cohorts.Mirror } => (DriverCapabilities.TrafficMirroring, "mirror traffic"),
        StrategyApplyStep { Strategy: DeploymentStrategy.BlueGreen } => (DriverCapabilities.BlueGreen, "deploy blue-green"),
        StrategyApplyStep { Strategy: DeploymentStrategy.Rolling } => (DriverCapabilities.Rolling, "deploy in rolling batches"),
        StrategyApplyStep { Strategy: DeploymentStrategy.AllAtOnce } => (DriverCapabilities.AllAtOnce, "deploy all at once"),
        _ => null,
    };

    private (string Kind, DriverCapabilities Capabilities)? Capabilities(IReadOnlyDictionary<string, string> kinds, string target) =>
        kinds.TryGetValue(target, out var kind) && plugins.FindDriver(kind) is { } driver ? (kind, driver.Capabilities) : null;

    private async Task<IReadOnlyDictionary<string, string>> KindsAsync(CancellationToken cancellationToken) =>
        (await targets.ListAsync(cancellationToken)).ToDictionary(t => t.Name, t => t.Kind, StringComparer.Ordinal);
}
