using Xunit;

namespace PortalRelease.Sdk.Testing.Conformance;

public abstract partial class TargetDriverConformanceTests
{
    /// <summary>A cancelled apply throws and leaves no trace: the same key applies normally afterwards.</summary>
    [Fact]
    public async Task A_cancelled_apply_throws_and_changes_nothing()
    {
        var before = await EstablishStableAsync();
        var external = await CaptureExternalStateAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await AssertFailsAsDriverOrCancelled(() => ApplyAsync(Key("canary"), NextVersion, Cohorts.Canary, 10, cancelled.Token), "ApplyAsync");

        Assert.Equal(Routing(before), Routing(await StatusAsync()));
        Assert.Equal(external, await CaptureExternalStateAsync());
        var retried = await ApplyAsync(Key("canary"), NextVersion, Cohorts.Canary, 10);
        Assert.Equal(ApplyOutcome.Applied, retried.Outcome);
        Assert.Equal((PreviousVersion, NextVersion, 10), Routing(await StatusAsync()));
    }

    /// <summary>A cancelled rollback throws and leaves no trace: the same key rolls back normally afterwards.</summary>
    [Fact]
    public async Task A_cancelled_rollback_throws_and_changes_nothing()
    {
        await EstablishStableAsync();
        await ApplyAsync(Key("canary"), NextVersion, Cohorts.Canary, 10);
        var before = await StatusAsync();
        var external = await CaptureExternalStateAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await AssertFailsAsDriverOrCancelled(() => RollbackAsync(Key("rollback"), NextVersion, PreviousVersion, cancelled.Token), "RollbackAsync");

        Assert.Equal(Routing(before), Routing(await StatusAsync()));
        Assert.Equal(external, await CaptureExternalStateAsync());
        Assert.Equal(ApplyOutcome.Applied, (await RollbackAsync(Key("rollback"), NextVersion, PreviousVersion)).Outcome);
    }

    /// <summary>A cancelled status read throws instead of answering.</summary>
    [Fact]
    public async Task A_cancelled_status_read_throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await AssertFailsAsDriverOrCancelled(() => StatusAsync(cancelled.Token), "GetStatusAsync");
    }
}
