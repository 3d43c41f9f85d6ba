using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Templates;

/// <summary>
/// A stage deploys to the environment its targets are labelled with (target data an admin sets), not to whatever the
/// template calls it: a stage whose <c>environment:</c> names another environment than its targets' labels, or whose
/// targets are labelled with two environments, is refused, at template import for targets named literally (with the
/// line and column) and whenever a plan compiles (release preview and start) for every target, parameters included.
/// The compiled plan records the environment the targets said then, so the release's access checks use it.
/// </summary>
public sealed class TargetEnvironments(TargetRepository targets)
{
    /// <summary>Errors for the literal targets of <paramref name="template"/>; unknown and unlabelled targets are left to other checks.</summary>
    public async Task<IReadOnlyList<TemplateError>> CheckTemplateAsync(ReleaseTemplate template, CancellationToken cancellationToken)
    {
        var labels = await LabelsAsync(cancellationToken);
        var errors = new List<TemplateError>();
        for (var s = 0; s < template.Stages.Count; s++)
        {
            var stage = template.Stages[s];
            (string Environment, string Target)? first = null;
            foreach (var (name, at, path, wave) in Literal(stage, $"stages[{s}]"))
            {
                if (labels.GetValueOrDefault(name) is not { } label)
                {
                    continue;
                }
                var where = wave == 0 ? $"stage '{stage.Name}'" : $"stage '{stage.Name}' wave {wave}";
                if (Mismatch(where, name, label, stage.Environment, first) is { } problem)
                {
                    errors.Add(new TemplateError(at.Line, at.Column, path, problem));
                }
                else
                {
                    first ??= (label, name);
                }
            }
        }
        return errors;
    }

    /// <summary>
    /// The plan with each stage's environment taken from its targets' labels (when the template wrote none) and
    /// whether all of them were labelled; or the problems, one per target labelled otherwise than its stage.
    /// </summary>
    public async Task<(ReleasePlan Plan, IReadOnlyList<string> Errors)> ApplyAsync(ReleasePlan plan, CancellationToken cancellationToken)
    {
        var labels = (await targets.GetManyAsync(PlanTargets(plan), cancellationToken))
            .ToDictionary(t => t.Key, t => t.Value.Environment, StringComparer.Ordinal);
        var errors = new List<string>();
        // Every wave of a template stage is one plan stage each; together they deploy to one environment.
        var chosen = new Dictionary<(string?, string), (string Environment, string Target)>();
        foreach (var stage in plan.Stages)
        {
            var key = (stage.Component, stage.Name);
            foreach (var target in stage.Targets)
            {
                if (labels.GetValueOrDefault(target) is not { } label)
                {
                    continue;
                }
                var first = chosen.TryGetValue(key, out var found) ? found : ((string, string)?)null;
                if (Mismatch($"stage '{stage.DisplayName()}'", target, label, stage.Environment, first) is { } problem)
                {
                    errors.Add(problem);
                }
                else
                {
                    chosen.TryAdd(key, (label, target));
                }
            }
        }
        var stages = plan.Stages.Select(stage => stage with
        {
            Environment = stage.Environment ?? (chosen.TryGetValue((stage.Component, stage.Name), out var label) ? label.Environment : null),
            TargetsLabelled = stage.Targets.All(t => labels.GetValueOrDefault(t) is not null),
        }).ToList();
        return (plan with { Stages = stages }, errors);
    }

    /// <summary>
    /// The targets of <paramref name="plan"/> that are no longer what it deployed to: gone, labelled with another
    /// environment than the plan recorded, or (given the release's <paramref name="createdAt"/>) deleted and created
    /// again since. A settled release frees its targets for such changes, so its rollback must not reach them on the
    /// strength of the old plan; a release being created checks the labels it was compiled with still hold.
    /// </summary>
    public async Task<IReadOnlyList<string>> ChangedSinceAsync(ReleasePlan plan, DateTimeOffset? createdAt, CancellationToken cancellationToken)
    {
        var now = await targets.GetManyAsync(PlanTargets(plan), cancellationToken);
        var changed = new List<string>();
        foreach (var stage in plan.Stages)
        {
            foreach (var name in stage.Targets)
            {
                changed.Add(
                    !now.TryGetValue(name, out var target) ? $"target '{name}' no longer exists"
                    : createdAt is { } since && target.CreatedAt > since ? $"target '{name}' was deleted and created again after the release started"
                    : stage.TargetsLabelled && target.Environment != stage.EnvironmentName()
                        ? $"target '{name}' is now in environment '{target.Environment ?? "(none)"}'; the release deployed to it in '{stage.EnvironmentName()}'"
                    : "");
            }
        }
        return changed.Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string? Mismatch(string where, string target, string label, string? claimed, (string Environment, string Target)? first) =>
        claimed is not null && label != claimed
            ? $"{where}: target '{target}' is in environment '{label}' (the target's label), but the stage says environment '{claimed}': use targets of {claimed} or write environment: {label}"
        : first is { } other && other.Environment != label
            ? $"{where}: target '{target}' is in environment '{label}', but target '{other.Target}' of the same stage is in '{other.Environment}': a stage deploys to one environment"
        : null;

    /// <summary>Each literal target of the stage with where it was written, its path and its wave (1-based; 0 without waves).</summary>
    private static IEnumerable<(string Name, TemplateLocation At, string Path, int Wave)> Literal(StageDefinition stage, string path)
    {
        if (stage.Waves is { } waves)
        {
            for (var w = 0; w < waves.Count; w++)
            {
                for (var t = 0; t < waves[w].Targets.Count; t++)
                {
                    var at = t < waves[w].Locations.Count ? waves[w].Locations[t] : new TemplateLocation(waves[w].Line, waves[w].Column);
                    if (!Placeholders.Contains(waves[w].Targets[t]))
                    {
                        yield return (waves[w].Targets[t], at, $"{path}.waves[{w}].targets[{t}]", w + 1);
                    }
                }
            }
            yield break;
        }
        for (var t = 0; t < stage.Targets.Count; t++)
        {
            var at = t < stage.TargetLocations.Count ? stage.TargetLocations[t] : new TemplateLocation(1, 1);
            if (!Placeholders.Contains(stage.Targets[t]))
            {
                yield return (stage.Targets[t], at, $"{path}.targets[{t}]", 0);
            }
        }
    }

    private static IEnumerable<string> PlanTargets(ReleasePlan plan) => plan.Stages.SelectMany(s => s.Targets);

    private async Task<IReadOnlyDictionary<string, string?>> LabelsAsync(CancellationToken cancellationToken) =>
        (await targets.ListAsync(cancellationToken)).ToDictionary(t => t.Name, t => t.Environment, StringComparer.Ordinal);
}
