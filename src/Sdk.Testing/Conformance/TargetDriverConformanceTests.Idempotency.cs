using Xunit;

namespace PortalRelease.Sdk.Testing.Conformance;

public abstract partial class TargetDriverConformanceTests
{
    /// <summary>A repeated apply key returns AlreadyApplied and changes nothing, whatever the repeated request says.</summary>
    [Fact]
    public async Task Apply_is_idempotent_on_the_key()
    {
        await EstablishStableAsync();
        var first = await ApplyAsync(Key("canary"), NextVersion, Cohorts.Canary, 10);
        var before = await StatusAsync();
        var external = await CaptureExternalStateAsync();

        var again = await ApplyAsync(Key("canary"), NextVersion, Cohorts.Canary, 10);
        var otherPayload = await ApplyAsync(Key("canary"), NextVersion, Cohorts.Canary, 50);

        Assert.Equal(ApplyOutcome.Applied, first.Outcome);
        Assert.Equal(ApplyOutcome.AlreadyApplied, again.Outcome);
        Assert.Equal(ApplyOutcome.AlreadyApplied, otherPayload.Outcome);
        Assert.Equal(Routing(before), Routing(await StatusAsync()));
        Assert.Equal(external, await CaptureExternalStateAsync());
    }

    /// <summary>A repeated rollback key returns AlreadyApplied and changes nothing.</summary>
    [Fact]
    public async Task Rollback_is_idempotent_on_the_key()
    {
        await EstablishStableAsync();
        await ApplyAsync(Key("canary"), NextVersion, Cohorts.Canary, 20);
        var first = await RollbackAsync(Key("rollback"), NextVersion, PreviousVersion);
        var before = await StatusAsync();
        var external = await CaptureExternalStateAsync();

        var again = await RollbackAsync(Key("rollback"), NextVersion, PreviousVersion);

        Assert.Equal(ApplyOutcome.Applied, first.Outcome);
        Assert.Equal(ApplyOutcome.AlreadyApplied, again.Outcome);
        Assert.Equal(Routing(before), Routing(await StatusAsync()));
        Assert.Equal(external, await CaptureExternalStateAsync());
    }

    /// <summary>Concurrent calls with one key apply it exactly once (the portal may re-issue while a call is in flight).</summary>
    [Fact]
    public async Task Concurrent_calls_with_one_key_apply_once()
    {
        await EstablishStableAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => ApplyAsync(Key("canary"), NextVersion, Cohorts.Canary, 30))));

        Assert.Single(results, r => r.Outcome == ApplyOutcome.Applied);
        Assert.Equal(7, results.Count(r => r.Outcome == ApplyOutcome.AlreadyApplied));
        Assert.Equal((PreviousVersion, NextVersion, 30), Routing(await StatusAsync()));
    }
}
