using Xunit;

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
}
