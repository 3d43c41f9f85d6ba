using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Components.Model;

/// <summary>A rough duration of a plan: its timed pauses plus each analysis's interval × count (a train: its longest dependency chain).</summary>
public sealed record PlanEstimate(TimeSpan Duration, bool WaitsForPerson)
{
    public static PlanEstimate Of(ReleasePlan plan)
    {
        if (!plan.IsTrain())
        {
            return Of(plan.Steps().Select(s => s.Step));
        }
        // A train takes as long as its longest chain of dependencies: components side by side overlap.
        var finish = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var waits = false;
        foreach (var component in plan.Components())
        {
            var own = Of(plan.StepsOf(component).Select(s => s.Step));
            waits |= own.WaitsForPerson;
            var start = plan.DependenciesOf(component).Select(d => finish.GetValueOrDefault(d)).DefaultIfEmpty(TimeSpan.Zero).Max();
            finish[component] = start + own.Duration;
        }
        return new PlanEstimate(finish.Values.DefaultIfEmpty(TimeSpan.Zero).Max(), waits);
    }

    private static PlanEstimate Of(IEnumerable<PlanStep> steps)
    {
        var total = TimeSpan.Zero;
        var waits = false;
        foreach (var step in steps)
        {
            switch (step)
            {
                case PauseStep { Duration: { } duration }:
                    total += duration;
                    break;
                case PauseStep:
                case ApprovalStep { Timeout: null }:
                    waits = true;
                    break;
                case ApprovalStep { Timeout: { } approvalTimeout }:
                    waits = true;
                    total += approvalTimeout;
                    break;
                case AnalysisStep analysis:
                    total += analysis.Interval * analysis.Count;
                    break;
                case BakeStep bake:
                    total += bake.Duration;
                    break;
                case KeepWarmStep warm:
                    total += warm.Duration;
                    break;
                default:
                    break;
            }
        }
        return new PlanEstimate(total, waits);
    }

    public override string ToString()
    {
        var time = Duration == TimeSpan.Zero ? "under a minute" : "about " + Durations.Format(Duration);
        return WaitsForPerson ? $"{time} + waits for a person" : time;
    }
}
