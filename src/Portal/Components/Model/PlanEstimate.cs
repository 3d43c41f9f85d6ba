using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Components.Model;

/// <summary>A rough duration of a plan: its timed pauses plus each analysis's interval × count.</summary>
public sealed record PlanEstimate(TimeSpan Duration, bool WaitsForPerson)
{
    public static PlanEstimate Of(ReleasePlan plan)
    {
        var total = TimeSpan.Zero;
        var waits = false;
        foreach (var (_, _, step) in plan.Steps())
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
