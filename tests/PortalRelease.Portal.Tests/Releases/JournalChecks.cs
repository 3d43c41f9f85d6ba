using PortalRelease.Portal.Tests.Api;

using PortalRelease.Contracts;

namespace PortalRelease.Portal.Tests.Releases;

/// <summary>The durability invariants of one release's journal and the Sandbox ledgers it drove.</summary>
internal static class JournalChecks
{
    /// <summary>Sequence numbers are exactly 1..N in order.</summary>
    public static void SeqsAreContiguous(IReadOnlyList<ReleaseEvent> events) =>
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));

    /// <summary>Each step started and completed at most once, in plan order, and never completed before it started.</summary>
    public static void StepsRanAtMostOnceInOrder(IReadOnlyList<ReleaseEvent> events)
    {
        var started = events.Where(e => e.Type == "StepStarted").Select(e => e.Index).ToList();
        var completed = events.Where(e => e.Type == "StepCompleted").Select(e => e.Index).ToList();
        Assert.Equal(started.Distinct(), started);
        Assert.Equal(completed.Distinct(), completed);
        Assert.Equal(started.Order(), started);
        Assert.Equal(completed.Order(), completed);
        foreach (var done in events.Where(e => e.Type == "StepCompleted"))
        {
            Assert.Contains(events, e => e.Type == "StepStarted" && e.Index == done.Index && e.Seq < done.Seq);
        }
    }

    /// <summary>Every intended action was intended once and confirmed exactly once, after it was intended.</summary>
    public static void EveryIntendedActionDoneOnce(IReadOnlyList<ReleaseEvent> events)
    {
        var intended = events.Where(e => e.Type == "ActionIntended").ToList();
        Assert.Equal(intended.Select(e => e.Key).Distinct(), intended.Select(e => e.Key));
        foreach (var action in intended)
        {
            var done = events.Where(e => e.Type == "ActionDone" && e.Key == action.Key).ToList();
            Assert.True(done.Count == 1, $"Key {action.Key} has {done.Count} ActionDone events.");
            Assert.True(done[0].Seq > action.Seq, $"Key {action.Key} was done (#{done[0].Seq}) before it was intended (#{action.Seq}).");
        }
        Assert.All(events.Where(e => e.Type == "ActionDone"), d => Assert.Contains(intended, i => i.Key == d.Key));
    }

    /// <summary>
    /// The targets recorded every key the journal intended as <c>applied</c> exactly once and nothing else; a
    /// <c>duplicate</c> line is allowed only for <paramref name="reissuable"/> keys (intended but not confirmed
    /// when a portal died).
    /// </summary>
    public static void LedgerAppliedEachKeyOnce(TempPortalHome home, string releaseId, IReadOnlyList<ReleaseEvent> events, IReadOnlyCollection<string>? reissuable = null)
    {
        var intended = events.Where(e => e.Type == "ActionIntended").ToList();
        foreach (var target in intended.Select(e => e.Str("target")!).Distinct())
        {
            var lines = home.ReadLedger(target).Where(l => l.ReleaseId == releaseId).ToList();
            var expected = intended.Where(e => e.Str("target") == target).Select(e => e.Key).Order().ToList();
            Assert.Equal(expected, lines.Where(l => l.Outcome == "applied").Select(l => l.Key).Order().ToList());
            foreach (var duplicate in lines.Where(l => l.Outcome != "applied"))
            {
                Assert.Equal("duplicate", duplicate.Outcome);
                Assert.True(reissuable?.Contains(duplicate.Key) == true, $"Key {duplicate.Key} on {target} was re-sent although the journal had confirmed it.");
            }
        }
    }

    /// <summary>Keys intended but without ActionDone or ActionFailed in <paramref name="events"/>.</summary>
    public static IReadOnlyList<string> Unconfirmed(IEnumerable<ReleaseEvent> events)
    {
        var list = events.ToList();
        return list.Where(e => e.Type == "ActionIntended").Select(e => e.Key)
            .Where(k => !list.Any(e => e.Type is "ActionDone" or "ActionFailed" && e.Key == k))
            .ToList();
    }
}
