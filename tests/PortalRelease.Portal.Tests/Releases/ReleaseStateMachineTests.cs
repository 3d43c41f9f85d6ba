using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Releases;

public sealed class ReleaseStateMachineTests
{
    private const Lifecycle P = Lifecycle.Proposed, Va = Lifecycle.Validated, D = Lifecycle.Deploying, Ve = Lifecycle.Verifying,
        Pr = Lifecycle.Promoted, F = Lifecycle.Failed, R = Lifecycle.RolledBack, A = Lifecycle.Aborted;

    /// <summary>The lifecycle of DESIGN.md: every allowed move; anything else is refused.</summary>
    private static readonly Dictionary<Lifecycle, Lifecycle[]> Allowed = new()
    {
        [P] = [Va, F, A, R],
        [Va] = [D, F, A, R],
        [D] = [Ve, Pr, F, A, R],
        [Ve] = [D, Pr, F, A, R],
        [Pr] = [R, F],
        [F] = [R],
        [R] = [],
        [A] = [],
    };

    public static TheoryData<Lifecycle, Lifecycle> AllPairs()
    {
        var data = new TheoryData<Lifecycle, Lifecycle>();
        foreach (var from in Enum.GetValues<Lifecycle>())
        {
            foreach (var to in Enum.GetValues<Lifecycle>())
            {
                data.Add(from, to);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void CanTransition_EveryPair_MatchesTheLifecycleTable(Lifecycle from, Lifecycle to) =>
        Assert.Equal(Allowed[from].Contains(to), ReleaseStateMachine.CanTransition(from, to));

    [Theory]
    [InlineData(P, true)]
    [InlineData(Va, true)]
    [InlineData(D, true)]
    [InlineData(Ve, true)]
    [InlineData(Pr, false)]
    [InlineData(F, false)]
    [InlineData(R, false)]
    [InlineData(A, false)]
    public void IsInProgress_EachState_TrueOnlyBeforeSettling(Lifecycle state, bool expected) =>
        Assert.Equal(expected, ReleaseStateMachine.IsInProgress(state));

    public static TheoryData<Lifecycle, bool, string> CommandCases() => new()
    {
        // state, paused, the commands allowed (in enum order)
        { P, false, "pause,abort,rollback" },
        { Va, false, "pause,abort,rollback" },
        { D, false, "pause,abort,rollback" },
        { Ve, false, "pause,abort,rollback" },
        { D, true, "resume,abort,rollback" },
        { Ve, true, "resume,abort,rollback" },
        { Pr, false, "rollback" },
        { F, false, "rollback" },
        { R, false, "" },
        { A, false, "" },
    };

    [Theory]
    [MemberData(nameof(CommandCases))]
    public void Check_EachStateAndPause_AllowsExactlyTheExpectedCommands(Lifecycle state, bool paused, string expected)
    {
        var events = new JournalEvents().Add(new ReleaseCreated("t", 1, "1.0.0", new Dictionary<string, object?>())).To(state);
        if (paused)
        {
            events.Add(new Paused("by test"), "alice");
        }
        var view = events.View();

        var allowed = ReleaseStateMachine.Available(view);

        Assert.Equal(expected, string.Join(",", allowed.Select(c => c.ToString().ToLowerInvariant())));
        foreach (var command in Enum.GetValues<ReleaseCommand>().Except(allowed))
        {
            Assert.False(string.IsNullOrWhiteSpace(ReleaseStateMachine.Check(view, command)));
        }
    }

    [Theory]
    [InlineData(false, "rolling back")]
    [InlineData(true, "being aborted")]
    public void Check_PendingRollback_RefusesEveryCommand(bool abort, string reason)
    {
        var events = new JournalEvents().To(D);
        if (abort)
        {
            events.Add(new AbortRequested("stop"), "alice");
        }
        else
        {
            events.Add(new RollbackRequested("stop"), "alice");
        }
        var view = events.View();

        Assert.Empty(ReleaseStateMachine.Available(view));
        Assert.All(Enum.GetValues<ReleaseCommand>(), c => Assert.Contains(reason, ReleaseStateMachine.Check(view, c)));
    }

    [Fact]
    public void Check_PausedByManualGate_AllowsResumeNotPause()
    {
        var view = new JournalEvents().To(D).Add(new PauseStarted(1, null)).View();

        Assert.Equal("The release is already paused.", ReleaseStateMachine.Check(view, ReleaseCommand.Pause));
        Assert.Null(ReleaseStateMachine.Check(view, ReleaseCommand.Resume));
    }
}
