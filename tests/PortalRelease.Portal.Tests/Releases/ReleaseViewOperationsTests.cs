using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Releases;

public sealed class ReleaseViewOperationsTests
{
    private static ReleaseView Fold(JournalEvents events) => ReleaseView.From(events.ReleaseId, events.All);

    [Fact]
    public void Apply_QueuedThenLocked_ShowsTheQueueUntilTheTargetsAreTaken()
    {
        var events = new JournalEvents().To(Lifecycle.Validated).Add(new Queued("a1", "sandbox-eu", ["sandbox-eu"]));

        var queued = Fold(events);
        events.Add(new TargetsLocked(["sandbox-eu"]));
        var locked = Fold(events);

        Assert.Equal("Queued behind a1 on sandbox-eu", ReleaseView.QueuedText(queued.QueuedBehind!));
        Assert.False(queued.HoldsTargets);
        Assert.True(TargetLocks.ClaimOf(queued) is false);
        Assert.Null(locked.QueuedBehind);
        Assert.True(locked.HoldsTargets);
        Assert.True(TargetLocks.ClaimOf(locked) is true);
    }

    [Fact]
    public void Apply_SettledThenRollbackRequested_NoLongerHoldsItsTargets()
    {
        var events = new JournalEvents().To(Lifecycle.Validated).Add(new TargetsLocked(["sandbox-eu"]))
            .Add(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, null))
            .Add(new StateChanged(Lifecycle.Deploying, Lifecycle.Promoted, null))
            .Add(new RollbackRequested("bad after all"));

        var view = Fold(events);

        Assert.False(view.HoldsTargets);
        Assert.Null(TargetLocks.ClaimOf(view));
    }

    [Fact]
    public void Apply_FailedWithItsRollbackToCome_SettlesOnlyWhenRolledBack()
    {
        // Failed is a settled state only once nothing is left to undo: the rollback runs on the targets it holds, which
        // its runner frees (and a line may drop as left over, TargetLocks.IsLeftoverAsync) only once IsFinal.
        var events = new JournalEvents().To(Lifecycle.Validated).Add(new TargetsLocked(["sandbox-eu"]))
            .Add(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, null))
            .Add(new StateChanged(Lifecycle.Deploying, Lifecycle.Failed, "analysis failed"))
            .Add(new RollbackRequested("analysis failed"));

        var rollingBack = Fold(events);
        events.Add(new StateChanged(Lifecycle.Failed, Lifecycle.RolledBack, null));
        var rolledBack = Fold(events);

        Assert.False(rollingBack.IsFinal);
        Assert.True(rolledBack.IsFinal);
    }

    [Fact]
    public void Apply_IncidentOpenedAndResolved_TracksWhichAreOpen()
    {
        var alert = new IncidentAlert(1, "f1", "firing", "checkout", "HighErrorRate", new Dictionary<string, string>(), new Dictionary<string, string>(), JournalEvents.Start, null, null);
        var snapshot = new ReleaseSnapshot("Deploying", false, 1, "Pause", new Dictionary<string, int> { ["sandbox-eu"] = 25 }, []);
        var events = new JournalEvents().To(Lifecycle.Deploying).Add(new IncidentOpened(alert, snapshot, "pause"), "alertmanager");

        var open = Fold(events);
        events.Add(new IncidentResolved(alert with { Status = "resolved" }), "alertmanager");
        var resolved = Fold(events);

        Assert.Single(open.OpenIncidents);
        Assert.Single(resolved.Incidents);
        Assert.Empty(resolved.OpenIncidents);
    }
}
