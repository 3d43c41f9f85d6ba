using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.OnCall;

/// <summary>
/// The traffic of the stage a release works on now, read with the release page's own model (<see cref="TrafficShares"/>),
/// so both pages say the same per strategy. The release-wide maximum of canary weights reads 0% once an earlier stage
/// was promoted and the next one has not shifted traffic yet; the current stage's share is what on call needs.
/// </summary>
public sealed record StageTraffic(string Stage, int StageNumber, int StageCount, int Percent, IReadOnlyList<TargetTraffic> Targets)
{
    public static StageTraffic? Of(ReleasePlan plan, string version, ReleaseView view, IEnumerable<JournalEvent> events)
    {
        if (plan.Stages.Count == 0)
        {
            return null;
        }
        var shares = new TrafficShares(plan, version);
        foreach (var e in events)
        {
            shares.Add(e);
        }
        var stage = CurrentStage(plan, view);
        var targets = stage.Targets.Select(t => shares.Of(t, view)).ToList();
        var number = plan.Stages.ToList().IndexOf(stage) + 1;
        return new StageTraffic(stage.Name, number, plan.Stages.Count, targets.Count == 0 ? 0 : targets.Max(t => t.Percent), targets);
    }

    /// <summary>The stage of the step being worked on; else of the last step started; else the first stage.</summary>
    private static PlanStage CurrentStage(ReleasePlan plan, ReleaseView view)
    {
        var steps = plan.Steps().ToList();
        var index = view.CurrentStep ?? steps.Where(s => view.HasStarted(s.Index)).Select(s => (int?)s.Index).LastOrDefault();
        return index is { } i && i >= 0 && i < steps.Count ? steps[i].Stage : plan.Stages[0];
    }
}
