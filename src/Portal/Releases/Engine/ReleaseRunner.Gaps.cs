using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseRunner
{
    /// <summary>
    /// The first time this runner works on analysis step <paramref name="index"/>: journals which rounds fell due before
    /// it started (the portal was down, or this release's runner had stopped), from <paramref name="round"/> on, so the
    /// timeline says why several rounds are measured at once, each over its own past interval. Rounds an earlier gap
    /// already named are left out, so a second restart repeats nothing.
    /// </summary>
    private async Task JournalGapAsync(int index, AnalysisStep step, DateTimeOffset startedAt, int round)
    {
        if (!_gapChecked.Add(index) || _resumed.LastSeen is not { } lastSeen)
        {
            return;
        }
        var named = _view.RoundsAfterGap(index);
        var rounds = Enumerable.Range(round, Math.Max(0, step.Count - round + 1))
            .Where(r => startedAt + (step.Interval * r) <= _resumed.At && !named.Contains(r))
            .ToList();
        if (rounds.Count == 0)
        {
            return;
        }
        var away = _resumed.At - lastSeen;
        _logger.LogInformation(
            "Release {ReleaseId} resumed after {Away} away: analysis rounds {Rounds} of step {Step} fell due meanwhile", ReleaseId, away, rounds, index + 1);
        await AppendAsync(Engine(new ResumedAfterGap(index, step.Metric, away, lastSeen, rounds)));
    }
}
