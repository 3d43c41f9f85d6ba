using YamlDotNet.RepresentationModel;

namespace PortalRelease.Portal.Templates;

/// <summary>
/// A release train: <c>components:</c>, each with its own stages and <c>dependsOn:</c>. The components are checked as a
/// graph (known names, no cycles) and their stages flattened in dependency order, so a component always runs after
/// everything it depends on.
/// </summary>
internal sealed partial class TemplateReader
{
    private static readonly string[] ComponentKeys = ["name", "dependsOn", "stages"];

    /// <summary>Whether the template is a release train; read before <c>rollback:</c>, whose <c>scope: component</c> needs one.</summary>
    private bool _isTrain;

    /// <summary>The template's stages: from <c>stages:</c>, or flattened from <c>components:</c> (exactly one of them).</summary>
    private List<StageDefinition>? ReadStagesOrComponents(Fields fields)
    {
        if (!fields.Entries.TryGetValue("components", out var components))
        {
            return ReadStages(Required(fields, "stages"));
        }
        _isTrain = true;
        if (fields.Entries.TryGetValue("stages", out var both))
        {
            Error(both.Key, "stages", "a template has 'stages:' or 'components:' (a release train), not both");
            return null;
        }
        return ReadComponents(components.Value);
    }

    /// <summary><c>rollback.scope: component</c>: only in a release train, where there are components to roll back one of.</summary>
    private RollbackScope ReadComponentScope(YamlNode node, string path)
    {
        if (!_isTrain)
        {
            Error(node, path, "'component' rolls back the failed component of a release train, and this template has no 'components:'; use 'wave' or 'all'");
            return RollbackScope.All;
        }
        return RollbackScope.Component;
    }

    private List<StageDefinition>? ReadComponents(YamlNode node)
    {
        const string path = "components";
        if (Sequence(node, path, "a list of components such as [{ name: api, dependsOn: [database], stages: [...] }]") is not { } list)
        {
            return null;
        }
        if (list.Children.Count == 0)
        {
            Error(list, path, "a release train needs at least one component");
            return null;
        }
        var components = new List<(string Name, List<(string Name, YamlNode Node, string Path)> DependsOn, List<StageDefinition> Stages)>();
        var ok = true;
        for (var i = 0; i < list.Children.Count; i++)
        {
            var componentPath = Index(path, i);
            if (Mapping(list.Children[i], componentPath, "a component: a mapping with name, dependsOn and stages") is not { } map)
            {
                ok = false;
                continue;
            }
            var fields = ReadFields(map, componentPath, ComponentKeys);
            var nameNode = Required(fields, "name");
            var name = nameNode is null ? null : Scalar(nameNode, Join(componentPath, "name"));
            if (name is not null && nameNode is not null && components.Any(c => c.Name == name))
            {
                Error(nameNode, Join(componentPath, "name"), $"duplicate component name '{name}'");
                name = null;
            }
            var dependsOn = ReadDependsOn(fields.Get("dependsOn"), Join(componentPath, "dependsOn"));
            var stages = ReadComponentStages(Required(fields, "stages"), Join(componentPath, "stages"), name);
            if (name is null || dependsOn is null || stages is null)
            {
                ok = false;
                continue;
            }
            components.Add((name, dependsOn, stages));
        }
        if (!ok)
        {
            return null;
        }
        var known = components.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var component in components)
        {
            foreach (var (dependency, dependencyNode, dependencyPath) in component.DependsOn)
            {
                if (dependency == component.Name)
                {
                    Error(dependencyNode, dependencyPath, $"component '{component.Name}' cannot depend on itself");
                    ok = false;
                }
                else if (!known.Contains(dependency))
                {
                    Error(dependencyNode, dependencyPath, $"unknown component '{dependency}'; components: {string.Join(", ", known)}");
                    ok = false;
                }
            }
        }
        if (!ok)
        {
            return null;
        }
        // Kahn's algorithm, taking ready components in the order they are written.
        var order = new List<string>();
        var remaining = components.ToList();
        while (remaining.Count > 0)
        {
            var ready = remaining.FirstOrDefault(c => c.DependsOn.All(d => order.Contains(d.Name)));
            if (ready.Name is null)
            {
                var (_, blocking, where) = remaining[0].DependsOn.First(d => !order.Contains(d.Name));
                Error(blocking, where, $"the components depend on each other in a cycle: {string.Join(" → ", remaining.Select(c => c.Name))}");
                return null;
            }
            order.Add(ready.Name);
            remaining.Remove(ready);
        }
        if (!CheckParallelTargets(components.Select(c => (c.Name, (IReadOnlyList<string>)c.DependsOn.Select(d => d.Name).ToList(), c.Stages)).ToList()))
        {
            return null;
        }
        return order.SelectMany(name =>
        {
            var component = components.First(c => c.Name == name);
            var dependsOn = component.DependsOn.Select(d => d.Name).ToList();
            return component.Stages.Select(s => s with { Component = name, DependsOn = dependsOn });
        }).ToList();
    }

    /// <summary>
    /// Two components that may run at the same time (neither waits for the other, directly or through others) must not
    /// deploy to the same target: a target runs one version at a time, and their driver calls would interleave on it.
    /// Target names are compared as written (a placeholder is compared as its text).
    /// </summary>
    private bool CheckParallelTargets(List<(string Name, IReadOnlyList<string> DependsOn, List<StageDefinition> Stages)> components)
    {
        var direct = components.ToDictionary(c => c.Name, c => c.DependsOn, StringComparer.Ordinal);
        HashSet<string> Upstream(string name)
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>(direct[name]);
            while (pending.TryPop(out var next))
            {
                if (found.Add(next))
                {
                    foreach (var dependency in direct[next])
                    {
                        pending.Push(dependency);
                    }
                }
            }
            return found;
        }
        var upstream = components.ToDictionary(c => c.Name, c => Upstream(c.Name), StringComparer.Ordinal);
        var ok = true;
        for (var i = 0; i < components.Count; i++)
        {
            var (name, _, stages) = components[i];
            for (var earlier = 0; earlier < i; earlier++)
            {
                var other = components[earlier];
                if (upstream[name].Contains(other.Name) || upstream[other.Name].Contains(name))
                {
                    continue;
                }
                var theirs = other.Stages.SelectMany(s => s.Targets).ToHashSet(StringComparer.Ordinal);
                for (var j = 0; j < stages.Count; j++)
                {
                    foreach (var (target, k) in stages[j].Targets.Select((t, k) => (t, k)).Where(t => theirs.Contains(t.t)).DistinctBy(t => t.t))
                    {
                        var at = k < stages[j].TargetLocations.Count ? stages[j].TargetLocations[k] : new TemplateLocation(1, 1);
                        Error(at.Line, at.Column, Join(Index(Join(Index("components", i), "stages"), j), "targets"),
                            $"target '{target}' is also deployed by component '{other.Name}', which runs at the same time as '{name}' (neither depends on the other); a target runs one version at a time: use different targets or make one component depend on the other");
                        ok = false;
                    }
                }
            }
        }
        return ok;
    }

    private List<(string Name, YamlNode Node, string Path)>? ReadDependsOn(YamlNode? node, string path)
    {
        if (node is null || IsNull(node))
        {
            return [];
        }
        if (Sequence(node, path, "a list of component names such as [database]") is not { } list)
        {
            return null;
        }
        var names = new List<(string Name, YamlNode Node, string Path)>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (Scalar(list.Children[i], Index(path, i)) is not { } name)
            {
                return null;
            }
            names.Add((name, list.Children[i], Index(path, i)));
        }
        return names;
    }

    private List<StageDefinition>? ReadComponentStages(YamlNode? node, string path, string? component)
    {
        if (node is null || Sequence(node, path, "a list of stages") is not { } list)
        {
            return null;
        }
        if (list.Children.Count == 0)
        {
            Error(list, path, $"component '{component}' needs at least one stage");
            return null;
        }
        var stages = new List<StageDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var ok = true;
        for (var i = 0; i < list.Children.Count; i++)
        {
            var stagePath = Index(path, i);
            if (Mapping(list.Children[i], stagePath, "a stage: a mapping with name, targets and steps") is { } map
                && ReadStage(map, stagePath, names) is { } stage)
            {
                stages.Add(stage);
            }
            else
            {
                ok = false;
            }
        }
        return ok ? stages : null;
    }
}
