using Xunit;

namespace PortalRelease.Sdk.Testing.Conformance;

public abstract partial class TargetDriverConformanceTests
{
    /// <summary>Every call of a full canary release completes within <see cref="CallTimeout"/> (checked by each call).</summary>
    [Fact]
    public async Task Every_call_of_a_release_completes_within_the_bound()
    {
        await EstablishStableAsync();
        await ApplyAsync(Key("canary"), NextVersion, Cohorts.Canary, 10);
        await StatusAsync();
        await ApplyAsync(Key("promote"), NextVersion, Cohorts.Stable, 100);
        await RollbackAsync(Key("rollback"), NextVersion, PreviousVersion);
        await StatusAsync();
    }

    /// <summary>After a stable apply the status names the version and a known health.</summary>
    [Fact]
    public async Task Status_reports_the_stable_version_and_health_after_apply()
    {
        var status = await EstablishStableAsync();

        Assert.Equal(PreviousVersion, status.StableVersion);
        Assert.Equal(0, Routing(status).Weight);
        AssertKnownHealth(status);
    }

    /// <summary>During a canary the status names both versions and the canary's weight.</summary>
    [Fact]
    public async Task Status_reports_the_canary_and_its_weight()
    {
        await EstablishStableAsync();
        await ApplyAsync(Key("canary"), NextVersion, Cohorts.Canary, 25);

        var status = await StatusAsync();

        Assert.Equal((PreviousVersion, NextVersion, 25), Routing(status));
        AssertKnownHealth(status);
    }

    /// <summary>After a promotion the new version serves stable and no canary remains.</summary>
    [Fact]
    public async Task Status_reports_the_promoted_version()
    {
        await EstablishStableAsync();
        await ApplyAsync(Key("canary"), NextVersion, Cohorts.Canary, 25);
        await ApplyAsync(Key("promote"), NextVersion, Cohorts.Stable, 100);

        var status = await StatusAsync();

        Assert.Equal((NextVersion, (string?)null, 0), Routing(status));
        AssertKnownHealth(status);
    }

    /// <summary>After a rollback the status is healthy on the previous version.</summary>
    [Fact]
    public async Task Status_reports_health_after_rollback()
    {
        await EstablishStableAsync();
        await ApplyAsync(Key("canary"), NextVersion, Cohorts.Canary, 25);
        await RollbackAsync(Key("rollback"), NextVersion, PreviousVersion);

        var status = await StatusAsync();

        Assert.Equal((PreviousVersion, (string?)null, 0), Routing(status));
        AssertKnownHealth(status);
    }

    private static void AssertKnownHealth(TargetStatus status)
    {
        Assert.True(Enum.IsDefined(status.Health), $"Health {(int)status.Health} is not a TargetHealth value.");
        Assert.NotEqual(TargetHealth.Unknown, status.Health);
        Assert.InRange(status.CanaryWeight, 0, 100);
    }
}
