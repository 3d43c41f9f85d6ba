using Xunit;
using Xunit.Sdk;

namespace PortalRelease.Sdk.Testing.Conformance;

public abstract partial class TargetDriverConformanceTests
{
    /// <summary>Rolling back a canary that got part of the traffic returns everything to the previous version.</summary>
    [Fact]
    public async Task Rollback_after_a_partial_apply_returns_to_the_previous_version()
    {
        await EstablishStableAsync();
        await ApplyAsync(Key("canary-10"), NextVersion, Cohorts.Canary, 10);
        await ApplyAsync(Key("canary-50"), NextVersion, Cohorts.Canary, 50);

        var result = await RollbackAsync(Key("rollback"), NextVersion, PreviousVersion);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal((PreviousVersion, (string?)null, 0), Routing(await StatusAsync()));
    }

    /// <summary>Rolling back after a promotion puts the previous version back on stable.</summary>
    [Fact]
    public async Task Rollback_after_promotion_returns_to_the_previous_version()
    {
        await EstablishStableAsync();
        await ApplyAsync(Key("canary"), NextVersion, Cohorts.Canary, 25);
        await ApplyAsync(Key("promote"), NextVersion, Cohorts.Stable, 100);
        Assert.Equal(NextVersion, (await StatusAsync()).StableVersion);

        await RollbackAsync(Key("rollback"), NextVersion, PreviousVersion);

        Assert.Equal((PreviousVersion, (string?)null, 0), Routing(await StatusAsync()));
    }

    /// <summary>
    /// A rollback to nothing (<see cref="RollbackRequest.ToVersion"/> null: the target ran nothing before the release) after
    /// the release's version took all traffic leaves no version serving that the target did not serve before: on a fresh
    /// target, none at all. A driver that cannot leave its target without a version throws a <see cref="DriverException"/>.
    /// </summary>
    [Fact]
    public async Task Rollback_to_nothing_after_a_first_release_took_all_traffic_leaves_no_version_serving()
    {
        var before = await StatusAsync();
        await ApplyAsync(Key("first"), NextVersion, Cohorts.Stable, 100);
        Assert.Equal(NextVersion, (await StatusAsync()).StableVersion);

        await AssertRolledBackToNothingAsync(before);
    }

    private async Task AssertRolledBackToNothingAsync(TargetStatus before)
    {
        var refused = await Record.ExceptionAsync(() => RollbackAsync(Key("rollback"), NextVersion, null));
        if (refused is DriverException cannot)
        {
            Assert.False(string.IsNullOrWhiteSpace(cannot.Message), "A driver that cannot roll back to nothing must say why.");
            return;
        }

        if (refused is not null)
        {
            throw new XunitException($"RollbackAsync to nothing threw {refused.GetType().Name} ({refused.Message}); a driver that cannot must throw DriverException.");
        }

        var after = await StatusAsync();
        var (stable, canary, weight) = Routing(after);
        Assert.True(canary is null && weight == 0, $"After a rollback to nothing the canary {canary} still gets {weight}%.");
        Assert.True(
            stable is null || (stable != NextVersion && stable == before.StableVersion),
            $"After a rollback to nothing the target serves {stable} on stable; it ran {before.StableVersion ?? "nothing"} before the release, so it must serve {before.StableVersion ?? "no version"}.");
    }
}
