using YamlDotNet.RepresentationModel;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Templates;

/// <summary>The <c>stages:</c> list: names, targets and step lists.</summary>
internal sealed partial class TemplateReader
{
    private static readonly string[] StageKeys = ["name", "environment", "approval", "targets", "steps", "strategy", "waves", "bakeTime"];

    private List<StageDefinition>? ReadStages(YamlNode? node)
    {
        const string path = "stages";
        if (node is null)
        {
            return null;
        }
        if (IsNull(node) || (node is YamlSequenceNode { Children.Count: 0 }))
        {
            Error(node, path, "a template needs at least one stage");
            return null;
        }
        if (Sequence(node, path, "a list of stages") is not { } list)
        {
            return null;
        }
        var stages = new List<StageDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var stagePath = Index(path, i);
            if (Mapping(list.Children[i], stagePath, "a stage: a mapping with name, targets and steps") is { } map
                && ReadStage(map, stagePath, names) is { } stage)
            {
                stages.Add(stage);
            }
        }
        return stages;
    }

    private StageDefinition? ReadStage(YamlMappingNode map, string path, HashSet<string> names)
    {
        var fields = ReadFields(map, path, StageKeys);
        var name = ReadStageName(Required(fields, "name"), Join(path, "name"), names);
        var layout = ReadStageLayout(fields, path);
        var (targets, steps) = (layout.Targets, layout.Steps);
        var gatesOk = ReadStageGates(fields, path, out var environment, out var approval);
        if (name is null || targets is null || steps is null || !gatesOk || !layout.Ok)
        {
            return null;
        }
        return new StageDefinition(name, targets.Select(t => t.Name).ToList(), steps)
        {
            TargetLocations = targets.Select(t => t.Location).ToList(),
            Environment = environment,
            Approval = approval,
            Strategy = layout.Strategy,
            Waves = layout.Waves,
            BakeTime = layout.BakeTime,
        };
    }

    private string? ReadStageName(YamlNode? node, string path, HashSet<string> names)
    {
        if (node is null || Scalar(node, path) is not { } name)
        {
            return null;
        }
        if (name.Trim().Length == 0)
        {
            Error(node, path, "must not be empty");
            return null;
        }
        if (Placeholders.Contains(name))
        {
            Error(node, path, "placeholders are allowed only in targets and steps, not in stage names");
            return null;
        }
        if (!names.Add(name))
        {
            Error(node, path, $"duplicate stage name '{Excerpt.Of(name)}'");
            return null;
        }
        return name;
    }

    private List<(string Name, TemplateLocation Location)>? ReadTargets(YamlNode? node, string path)
    {
        if (node is null || Sequence(node, path, "a list of target names such as [sandbox-eu]") is not { } list)
        {
            return null;
        }
        if (list.Children.Count == 0)
        {
            Error(list, path, "a stage needs at least one target");
            return null;
        }
        var targets = new List<(string Name, TemplateLocation Location)>();
        var ok = true;
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            var itemPath = Index(path, i);
            if (ReadValue(item, itemPath, FieldSpec.Text) is not { } target)
            {
                ok = false;
                continue;
            }
            if (!Placeholders.Contains(target))
            {
                if (targets.Any(t => string.Equals(t.Name, target, StringComparison.Ordinal)))
                {
                    Error(item, itemPath, $"duplicate target '{Excerpt.Of(target)}' in this stage");
                    ok = false;
                    continue;
                }
                // An unknown target is still listed: a second mention of it is a duplicate, as when read offline
                // (portal template lint), where no target is known to be missing.
                if (_targetExists is not null && !_targetExists(target))
                {
                    Error(item, itemPath, UnknownTarget(target));
                    ok = false;
                }
            }
            targets.Add((target, new TemplateLocation((int)item.Start.Line, (int)item.Start.Column)));
        }
        return ok ? targets : null;
    }
}
