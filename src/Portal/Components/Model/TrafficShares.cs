using System.Globalization;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Components.Model;

/// <summary>How one target's traffic stands: <see cref="Percent"/> fills the bar, <see cref="Text"/> says what it means for the strategy.</summary>
public sealed record TargetTraffic(string Target, int Percent, string Text, DeploymentStrategy Strategy);

/// <summary>
/// Each target's traffic in the words of its strategy (see <see cref="DeploymentStrategy"/>): a canary's share of live
/// traffic, which colour takes the traffic in blue-green (and how long the previous one stays warm), the share of
/// instances a rolling update replaced, or the version an all-at-once replacement put everywhere. Folded from the
/// driver calls the journal confirmed, read against the plan step each call belongs to.
/// </summary>
public sealed class TrafficShares(ReleasePlan plan, string version)
{
    private readonly Dictionary<string, ActionIntended> _intended = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Applied> _applied = new(StringComparer.Ordinal);
    private readonly Dictionary<int, DateTimeOffset?> _keepWarm = [];
    private readonly List<(int Index, PlanStage Stage, PlanStep Step)> _steps = [.. plan.Steps()];
    private int _current = -1;

    private sealed record Applied(DeploymentStrategy Strategy, string Cohort, int Weight, int Step, bool RolledBack, string? RolledBackTo);

    public void Add(JournalEvent e)
    {
        switch (e.Type)
        {
            case nameof(ActionIntended):
                var intended = e.Payload<ActionIntended>();
                _intended[intended.Key] = intended;
                break;
            case nameof(ActionDone) when _intended.GetValueOrDefault(e.Payload<ActionDone>().Key) is { } done:
                Confirm(done);
                break;
            case nameof(StepStarted):
                _current = e.Payload<StepStarted>().Index;
                break;
            case nameof(PauseStarted):
                var pause = e.Payload<PauseStarted>();
                if (pause.Index < _steps.Count && _steps[pause.Index].Step is KeepWarmStep)
                {
                    _keepWarm[pause.Index] = pause.Until;
                }
                break;
            default:
                break;
        }
    }

    private void Confirm(ActionIntended action)
    {
        if (action.Action == "rollback")
        {
            var before = _applied.GetValueOrDefault(action.Target);
            _applied[action.Target] = new Applied(before?.Strategy ?? DeploymentStrategy.Canary, Cohorts.Stable, 0, before?.Step ?? -1, true, action.ToVersion);
            return;
        }
        if (action.Action != "apply")
        {
            return;
        }
        // The key names the step; keys of another shape fall back to the step that started last.
        var index = ActionKeys.StepOf(action.Key) is { } keyed && keyed < _steps.Count ? keyed : _current;
        var strategy = index >= 0 && index < _steps.Count && _steps[index].Step is StrategyApplyStep apply
            ? apply.Strategy
            : action.Cohort is Cohorts.Preview or Cohorts.Previous ? DeploymentStrategy.BlueGreen : DeploymentStrategy.Canary;
        _applied[action.Target] = new Applied(strategy, action.Cohort ?? Cohorts.Canary, action.Weight ?? 0, index, false, null);
    }

    /// <summary>Where <paramref name="target"/>'s traffic stands in <paramref name="view"/>.</summary>
    public TargetTraffic Of(string target, ReleaseView view)
    {
        var previous = view.PreviousVersions.GetValueOrDefault(target) ?? "the previous version";
        if (_applied.GetValueOrDefault(target) is not { } applied)
        {
            var planned = PlannedStrategy(target);
            var text = view.State is Lifecycle.RolledBack or Lifecycle.Aborted or Lifecycle.Failed
                ? $"0% (still on {previous})"
                : planned == DeploymentStrategy.Canary ? "0% canary" : $"0% (not deployed yet; {previous} serves all traffic)";
            return new TargetTraffic(target, 0, text, planned);
        }
        if (applied.RolledBack)
        {
            return new TargetTraffic(target, 0, $"0% (back on {applied.RolledBackTo ?? previous})", applied.Strategy);
        }
        return applied.Strategy switch
        {
            DeploymentStrategy.BlueGreen => BlueGreen(target, applied, previous),
            DeploymentStrategy.Rolling => new TargetTraffic(target, applied.Weight,
                applied.Weight >= 100 ? $"100% of instances on {version}" : $"{applied.Weight}% of instances on {version}", applied.Strategy),
            DeploymentStrategy.AllAtOnce => new TargetTraffic(target, 100, $"{version} on every instance", applied.Strategy),
            _ => Canary(target, applied, view),
        };
    }

    private static TargetTraffic Canary(string target, Applied applied, ReleaseView view) => applied.Cohort switch
    {
        Cohorts.Mirror => new TargetTraffic(target, 0, $"0% live, {applied.Weight}% mirrored", applied.Strategy),
        Cohorts.Stable when view.State == Lifecycle.Promoted => new TargetTraffic(target, 100, "100% (promoted)", applied.Strategy),
        Cohorts.Stable => new TargetTraffic(target, 100, "100% (promoted on this target)", applied.Strategy),
        _ => new TargetTraffic(target, applied.Weight, $"{applied.Weight}% canary", applied.Strategy),
    };

    private TargetTraffic BlueGreen(string target, Applied applied, string previous) => applied.Cohort switch
    {
        Cohorts.Preview => new TargetTraffic(target, 0, $"0% → {version} (preview deployed; {previous} takes all traffic)", applied.Strategy),
        Cohorts.Previous => new TargetTraffic(target, 100, $"100% → {version} ({previous} retired)", applied.Strategy),
        _ => new TargetTraffic(target, 100, $"100% → {version} ({KeptWarm(applied.Step, previous)})", applied.Strategy),
    };

    /// <summary>"previous v1 kept warm until 14:05" once the stage's keep-warm wait began, else that it is still running.</summary>
    private string KeptWarm(int switchStep, string previous)
    {
        if (switchStep < 0 || switchStep >= _steps.Count)
        {
            return $"previous {previous} still running";
        }
        var stage = _steps[switchStep].Stage;
        var warm = _steps.Skip(switchStep + 1).TakeWhile(s => ReferenceEquals(s.Stage, stage)).FirstOrDefault(s => s.Step is KeepWarmStep);
        return warm.Step is not null && _keepWarm.TryGetValue(warm.Index, out var until) && until is { } at
            ? $"previous {previous} kept warm until {RelativeTime.Clock(at)} UTC"
            : $"previous {previous} still running";
    }

    private DeploymentStrategy PlannedStrategy(string target) =>
        _steps.Where(s => s.Stage.Targets.Contains(target)).Select(s => s.Step).OfType<StrategyApplyStep>().FirstOrDefault()?.Strategy ?? DeploymentStrategy.Canary;
}
