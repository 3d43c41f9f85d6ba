using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Releases;

namespace PortalRelease.Portal.Tests.Cluster;

/// <summary>What must hold after any failure of nodes, read from the database's journal and the Sandbox ledgers.</summary>
internal static class ClusterChecks
{
    // Failed is not among them: a failed release goes on to roll back, and its hold lasts until it has.
    private static readonly string[] FinalStates = ["Promoted", "RolledBack", "Aborted"];

    public static bool Settled(IReadOnlyList<JournalRow> journal, string releaseId) =>
        journal.LastOrDefault(r => r.ReleaseId == releaseId && r.Event.Type == "StateChanged") is { } last && FinalStates.Contains(last.Event.Str("to"));

    /// <summary>Waits until every release has settled (on the journal), then asserts every invariant.</summary>
    public static async Task SettleAndVerifyAsync(PortalCluster cluster, IReadOnlyList<ClusterRelease> releases, TimeSpan timeout)
    {
        IReadOnlyList<JournalRow> journal = [];
        await Poll.UntilAsync(
            async () =>
            {
                journal = await cluster.ReadJournalAsync();
                return releases.All(r => Settled(journal, r.Id));
            },
            "every release to settle",
            timeout,
            () => "unsettled: " + string.Join(", ", releases.Where(r => !Settled(journal, r.Id)).Select(r => $"{r.Id} ({r.Version}) last {journal.LastOrDefault(j => j.ReleaseId == r.Id)?.Event}")));

        var client = cluster.AnyClient();
        foreach (var release in releases)
        {
            var state = (await client.GetReleaseAsync(release.Id)).State;
            Assert.True(state == release.Expected, $"Release {release.Id} ({release.Version}) settled as {state}, not {release.Expected}:\n{Describe(journal, release.Id)}");
            var events = journal.Where(r => r.ReleaseId == release.Id).Select(r => r.Event).ToList();
            JournalChecks.SeqsAreContiguous(events);
            JournalChecks.StepsRanAtMostOnceInOrder(events);
            JournalChecks.EveryIntendedActionDoneOnce(events);
        }
        await LedgerAppliedEachKeyOnceAsync(cluster, journal, releases);
        NoTargetHeldTwice(journal, releases);
    }

    /// <summary>
    /// Every key the journal intended is <c>applied</c> exactly once on its target and nothing else of these releases
    /// is. A <c>duplicate</c> line (a re-issue the target recognised) is fine: a node that took over re-issues what the
    /// dead one intended but did not confirm.
    /// </summary>
    public static async Task LedgerAppliedEachKeyOnceAsync(PortalCluster cluster, IReadOnlyList<JournalRow> journal, IReadOnlyList<ClusterRelease> releases)
    {
        var ids = releases.Select(r => r.Id).ToHashSet();
        var intended = journal.Where(r => ids.Contains(r.ReleaseId) && r.Event.Type == "ActionIntended").Select(r => r.Event).ToList();
        foreach (var target in Enumerable.Range(0, PortalCluster.TargetCount).Select(PortalCluster.Target))
        {
            var applied = (await cluster.ReadLedgerAsync(target)).Where(l => ids.Contains(l.ReleaseId) && l.Outcome == "applied").Select(l => l.Key).ToList();
            var twice = applied.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => $"{g.Key} ×{g.Count()}").ToList();
            Assert.True(twice.Count == 0, $"Applied more than once on {target}: {string.Join(", ", twice)}");
            Assert.Equal(intended.Where(e => e.Str("target") == target).Select(e => e.Key).Order(), applied.Order());
        }
    }

    /// <summary>
    /// Per target, the holds (from the release's <c>TargetsLocked</c> to its last state change) never overlap in the
    /// journal's commit order, and every action on a target falls inside its release's hold.
    /// </summary>
    public static void NoTargetHeldTwice(IReadOnlyList<JournalRow> journal, IReadOnlyList<ClusterRelease> releases)
    {
        var holds = new List<(string Target, string Release, long From, long To)>();
        foreach (var release in releases)
        {
            var rows = journal.Where(r => r.ReleaseId == release.Id).ToList();
            var locked = rows.Where(r => r.Event.Type == "TargetsLocked").ToList();
            Assert.True(locked.Count == 1, $"Release {release.Id} locked its targets {locked.Count} times:\n{Describe(journal, release.Id)}");
            var settled = rows.Last(r => r.Event.Type == "StateChanged");
            var targets = locked[0].Event.Data.GetProperty("targets").EnumerateArray().Select(t => t.GetString()!).ToList();
            holds.AddRange(targets.Select(t => (t, release.Id, locked[0].Id, settled.Id)));
            foreach (var action in rows.Where(r => r.Event.Type is "ActionIntended" or "ActionDone"))
            {
                Assert.True(action.Id > locked[0].Id && action.Id < settled.Id, $"Release {release.Id} acted outside its hold: {action.Event} (hold #{locked[0].Id}..#{settled.Id})");
                Assert.Contains(action.Event.Str("target"), targets);
            }
        }
        foreach (var perTarget in holds.GroupBy(h => h.Target))
        {
            var ordered = perTarget.OrderBy(h => h.From).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                Assert.True(ordered[i].From > ordered[i - 1].To,
                    $"{perTarget.Key} held by {ordered[i - 1].Release} (#{ordered[i - 1].From}..#{ordered[i - 1].To}) and {ordered[i].Release} (#{ordered[i].From}..#{ordered[i].To}) at once");
            }
        }
    }

    public static string Describe(IReadOnlyList<JournalRow> journal, string releaseId) =>
        string.Join(Environment.NewLine, journal.Where(r => r.ReleaseId == releaseId && r.Event.Type != "MetricsSampled").Select(r => $"[{r.Id}] {r.Event}"));
}
