using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Releases;

public sealed class ReleaseViewTests
{
    [Fact]
    public void From_NoEvents_IsProposedAndNotFinal()
    {
        var view = ReleaseView.From("r1", []);

        Assert.Equal(Lifecycle.Proposed, view.State);
        Assert.Equal(0, view.LastSeq);
        Assert.False(view.IsFinal);
        Assert.Equal(0, view.CanaryWeight);
    }

    [Fact]
    public void Apply_ActionDone_SetsCanaryWeightPerTargetFromTheIntendedAction()
    {
        var view = new JournalEvents().To(Lifecycle.Deploying)
            .Add(new ActionIntended("k-eu", "eu", "apply", "2.0", "canary", 20))
            .Add(new ActionIntended("k-us", "us", "apply", "2.0", "canary", 20))
            .Add(new ActionDone("k-eu", "eu", "Applied", null))
            .View();

        Assert.Equal(20, view.CanaryWeight);
        Assert.Equal(new Dictionary<string, int> { ["eu"] = 20 }, view.CanaryWeights);
        Assert.True(view.IsDone("k-eu"));
        Assert.False(view.IsDone("k-us"));
        Assert.True(view.IsIntended("k-us"));
    }

    [Fact]
    public void Apply_IntendedWithoutDone_DoesNotMoveTheWeight()
    {
        var view = new JournalEvents().To(Lifecycle.Deploying)
            .Add(new ActionIntended("k1", "eu", "apply", "2.0", "canary", 20))
            .Add(new ActionDone("k1", "eu", "Applied", null))
            .Add(new ActionIntended("k2", "eu", "apply", "2.0", "canary", 50))
            .View();

        Assert.Equal(20, view.CanaryWeight);
    }

    [Fact]
    public void Apply_PromoteAndRollbackDone_ResetCanaryWeightToZero()
    {
        var events = new JournalEvents().To(Lifecycle.Deploying)
            .Add(new ActionIntended("k1", "eu", "apply", "2.0", "canary", 30))
            .Add(new ActionDone("k1", "eu", "Applied", null))
            .Add(new ActionIntended("k2", "us", "apply", "2.0", "canary", 30))
            .Add(new ActionDone("k2", "us", "Applied", null))
            .Add(new ActionIntended("k3", "eu", "apply", "2.0", "stable", 100))
            .Add(new ActionDone("k3", "eu", "Applied", null));
        Assert.Equal(new Dictionary<string, int> { ["eu"] = 0, ["us"] = 30 }, events.View().CanaryWeights);

        events.Add(new ActionIntended("k4", "us", "rollback", "2.0", null, null, "1.0"))
            .Add(new ActionDone("k4", "us", "Applied", null));

        Assert.Equal(0, events.View().CanaryWeight);
    }

    [Fact]
    public void Apply_ActionFailedThenDone_ClearsTheFailure()
    {
        var view = new JournalEvents().To(Lifecycle.Deploying)
            .Add(new ActionIntended("k1", "eu", "apply", "2.0", "canary", 10))
            .Add(new ActionFailed("k1", "eu", "timeout"))
            .Add(new ActionDone("k1", "eu", "AlreadyApplied", null))
            .View();

        Assert.True(view.IsDone("k1"));
        Assert.Equal(10, view.CanaryWeight);
    }

    [Fact]
    public void Apply_PauseAndResume_TogglesPausedWithReason()
    {
        var events = new JournalEvents().To(Lifecycle.Deploying).Add(new Paused("incident 7"), "alice");
        var paused = events.View();
        events.Add(new Resumed("fixed"), "bob");
        var resumed = events.View();

        Assert.True(paused.IsPaused);
        Assert.Equal("incident 7", paused.PauseReason);
        Assert.False(resumed.IsPaused);
        Assert.Null(resumed.PauseReason);
    }

    [Fact]
    public void Apply_TimedPauseStep_RecordsUntilWithoutPausingTheRelease()
    {
        var until = JournalEvents.Start.AddMinutes(5);
        var view = new JournalEvents().To(Lifecycle.Deploying).Add(new PauseStarted(2, until)).View();

        Assert.False(view.IsPaused);
        Assert.True(view.HasPauseStarted(2));
        Assert.Equal(until, view.PauseUntil(2));
    }

    [Fact]
    public void Apply_ManualPauseStep_PausesUntilResumed()
    {
        var events = new JournalEvents().To(Lifecycle.Deploying).Add(new PauseStarted(1, null));
        Assert.True(events.View().IsPaused);
        Assert.Contains("step 2", events.View().PauseReason);

        events.Add(new Resumed(null), "alice");

        Assert.False(events.View().IsPaused);
        Assert.True(events.View().HasPauseStarted(1));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Apply_RollbackOrAbortRequested_IsPendingUntilSettled(bool abort)
    {
        var events = new JournalEvents().To(Lifecycle.Deploying);
        events = abort ? events.Add(new AbortRequested("stop it"), "alice") : events.Add(new RollbackRequested("stop it"), "alice");

        var pending = events.View();
        Assert.Equal(new ReleaseView.RollbackRequest(abort, "stop it", "alice"), pending.PendingRollback);
        Assert.Equal(1, pending.RollbackAttempt);
        Assert.False(pending.IsFinal);

        var final = abort ? Lifecycle.Aborted : Lifecycle.RolledBack;
        var settled = events.Add(new StateChanged(Lifecycle.Deploying, final, "done")).View();
        Assert.Null(settled.PendingRollback);
        Assert.Equal(final, settled.State);
        Assert.True(settled.IsFinal);
    }

    [Fact]
    public void Apply_FailedWithAutomaticRollback_IsNotFinalUntilRolledBack()
    {
        var view = new JournalEvents().To(Lifecycle.Verifying)
            .Add(new StateChanged(Lifecycle.Verifying, Lifecycle.Failed, "analysis failed"))
            .Add(new RollbackRequested("Automatic: analysis failed"))
            .View();

        Assert.Equal(Lifecycle.Failed, view.State);
        Assert.NotNull(view.PendingRollback);
        Assert.False(view.IsFinal);
    }

    [Fact]
    public void Apply_RollbackFailed_SettlesAsFailedAndAllowsAnotherAttempt()
    {
        var events = new JournalEvents().To(Lifecycle.Deploying)
            .Add(new RollbackRequested("why"), "alice")
            .Add(new StateChanged(Lifecycle.Deploying, Lifecycle.Failed, "Rollback failed: target down"));
        var failed = events.View();
        Assert.True(failed.IsFinal);
        Assert.Null(failed.PendingRollback);

        var again = events.Add(new RollbackRequested("retry"), "alice").View();

        Assert.Equal(2, again.RollbackAttempt);
        Assert.False(again.IsFinal);
    }

    [Fact]
    public void Apply_RepeatedOrOlderSeq_IsIgnored()
    {
        var events = new JournalEvents().To(Lifecycle.Deploying)
            .Add(new ActionIntended("k1", "eu", "apply", "2.0", "canary", 10))
            .Add(new ActionDone("k1", "eu", "Applied", null))
            .Add(new Paused("p"), "alice");
        var view = events.View();
        var lastSeq = view.LastSeq;

        // Re-delivering earlier events (a live feed overlapping a journal read) changes nothing.
        foreach (var e in events.All)
        {
            view.Apply(e);
        }
        view.Apply(events.All[1] with { Seq = 2, Type = nameof(StateChanged), Data = System.Text.Json.JsonSerializer.SerializeToElement(new StateChanged(Lifecycle.Deploying, Lifecycle.Aborted, "replay"), JournalJson.Options) });

        Assert.Equal(lastSeq, view.LastSeq);
        Assert.Equal(Lifecycle.Deploying, view.State);
        Assert.True(view.IsPaused);
        Assert.Equal(10, view.CanaryWeight);
    }

    [Fact]
    public void Apply_StepsAndAnalysis_TrackProgressAndEvidence()
    {
        var view = new JournalEvents().To(Lifecycle.Deploying)
            .Add(new StepStarted(0, "s", "Set canary weight to 10%"))
            .Add(new StepCompleted(0))
            .Add(new StepStarted(1, "s", "Analyse"))
            .Add(new MeasurementTaken(1, 1, "eu", "error-rate", 0.01, 100, 0.05, null, MeasurementOutcome.Passed, "ok"))
            .Add(new MeasurementTaken(2, 1, "eu", "error-rate", 0.01, 100, 0.05, null, MeasurementOutcome.Passed, "other step"))
            .Add(new AnalysisVerdict(1, Verdict.Passed, 1, 0, 0, "Passed"))
            .View();

        Assert.True(view.IsCompleted(0));
        Assert.False(view.IsCompleted(1));
        Assert.True(view.HasStarted(1));
        Assert.Equal(1, view.CurrentStep);
        Assert.Equal("Analyse", view.CurrentStepDescription);
        Assert.Single(view.MeasurementsOf(1));
        Assert.Equal(Verdict.Passed, view.Verdicts[1].Verdict);
        Assert.Equal(JournalEvents.Start.AddSeconds(5), view.StepStartedAt(1));
    }

    [Fact]
    public void Apply_ValidatedWithPreviousVersions_KeepsThemForRollback()
    {
        var previous = new Dictionary<string, string?> { ["eu"] = "1.0", ["us"] = null };
        var view = new JournalEvents()
            .Add(new ReleaseCreated("t", 1, "2.0", new Dictionary<string, object?>()), "alice")
            .Add(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, "ok", previous))
            .Add(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, "go"))
            .View();

        Assert.Equal(previous, view.PreviousVersions);
        Assert.Equal("alice", view.CreatedBy);
        Assert.Equal(JournalEvents.Start.AddSeconds(1), view.CreatedAt);
        Assert.Equal("go", view.Reason);
    }
}
