namespace PortalRelease.Portal.Templates;

/// <summary>
/// The dependency graph of a release train, read from its stages (each carries its component and the components it
/// depends on). Methods, not properties: the plan is stored as JSON and these are derived, never stored.
/// </summary>
public sealed partial record ReleasePlan
{
    /// <summary>Whether the plan is a release train (its stages belong to components).</summary>
    public bool IsTrain() => Stages.Any(s => s.Component is not null);

    /// <summary>The components in plan (dependency) order.</summary>
    public IReadOnlyList<string> Components() => Stages.Select(s => s.Component).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The components <paramref name="component"/> depends on directly.</summary>
    public IReadOnlyList<string> DependenciesOf(string component) =>
        Stages.FirstOrDefault(s => s.Component == component)?.DependsOn ?? [];

    /// <summary>Every component that depends on <paramref name="component"/>, directly or through others, in plan order.</summary>
    public IReadOnlyList<string> DependantsOf(string component)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        // Plan order is a topological order: one pass sees every dependency before its dependants.
        foreach (var candidate in Components())
        {
            if (DependenciesOf(candidate).Any(d => d == component || found.Contains(d)))
            {
                found.Add(candidate);
            }
        }
        return Components().Where(found.Contains).ToList();
    }

    /// <summary>Every component <paramref name="component"/> waits for, directly or through others.</summary>
    public IReadOnlySet<string> UpstreamOf(string component)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(DependenciesOf(component));
        while (pending.TryPop(out var next))
        {
            if (found.Add(next))
            {
                foreach (var dependency in DependenciesOf(next))
                {
                    pending.Push(dependency);
                }
            }
        }
        return found;
    }

    /// <summary>The components that may run at the same time as <paramref name="component"/>: neither waits for the other.</summary>
    public IReadOnlyList<string> RunsAlongside(string component)
    {
        var upstream = UpstreamOf(component);
        return Components().Where(c => c != component && !upstream.Contains(c) && !UpstreamOf(c).Contains(component)).ToList();
    }

    /// <summary>The steps of <paramref name="component"/>, in order, with their global index.</summary>
    public IEnumerable<(int Index, PlanStage Stage, PlanStep Step)> StepsOf(string component) =>
        Steps().Where(s => s.Stage.Component == component);

    /// <summary>Every target <paramref name="component"/> deploys to.</summary>
    public IReadOnlyList<string> TargetsOf(string component) =>
        Stages.Where(s => s.Component == component).SelectMany(s => s.Targets).Distinct(StringComparer.Ordinal).ToList();
}
