using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Tests;

/// <summary>Blue-green, rolling, all-at-once and mirroring on the sandbox: fleet state, ledger, idempotency, restart.</summary>
public sealed class StrategyTests : IDisposable
{
    private readonly SandboxHarness _sandbox = new();
    private readonly TargetContext _target = SandboxHarness.Target();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task BlueGreen_PreviewSwitchRetire_MovesTheFleetAndSurvivesARestart()
    {
        await _sandbox.ApplyAsync(_target, "base", "1.0.0", Cohorts.Stable, 100);

        await ApplyAsync("preview", "2.0.0", DeploymentStrategy.BlueGreen, Cohorts.Preview, 0);
        var preview = await StatusAsync();
        Assert.Equal(("1.0.0", "2.0.0", (string?)null), (preview.StableVersion, preview.PreviewVersion, preview.PreviousVersion));

        await ApplyAsync("switch", "2.0.0", DeploymentStrategy.BlueGreen, Cohorts.Stable, 100);
        var switched = await StatusAsync();
        Assert.Equal(("2.0.0", (string?)null, "1.0.0"), (switched.StableVersion, switched.PreviewVersion, switched.PreviousVersion));

        var again = await ApplyAsync("switch", "2.0.0", DeploymentStrategy.BlueGreen, Cohorts.Stable, 100);
        Assert.Equal(ApplyOutcome.AlreadyApplied, again.Outcome);

        await ApplyAsync("retire", "2.0.0", DeploymentStrategy.BlueGreen, Cohorts.Previous, 0);
        using var restarted = _sandbox.Restart();
        var status = await restarted.Driver.GetStatusAsync(_target, CancellationToken.None);
        Assert.Equal(("2.0.0", (string?)null), (status.StableVersion, status.PreviousVersion));
        Assert.Equal(["apply", "apply", "apply", "apply", "apply"], _sandbox.ReadLedger().Select(l => l.GetProperty("action").GetString()));
        Assert.Equal("duplicate", _sandbox.ReadLedger()[3].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task BlueGreen_RollbackWhileWarm_IsASwitchBack_AndAfterRetirement_ARedeploy()
    {
        await _sandbox.ApplyAsync(_target, "base", "1.0.0", Cohorts.Stable, 100);
        await ApplyAsync("preview", "2.0.0", DeploymentStrategy.BlueGreen, Cohorts.Preview, 0);
        await ApplyAsync("switch", "2.0.0", DeploymentStrategy.BlueGreen, Cohorts.Stable, 100);

        var back = await _sandbox.RollbackAsync(_target, "rb-1", "2.0.0", "1.0.0");

        Assert.Contains("nothing redeployed", back.Detail, StringComparison.Ordinal);
        Assert.Equal("switch-back", _sandbox.ReadLedger()[^1].GetProperty("mode").GetString());
        Assert.Equal("1.0.0", (await StatusAsync()).StableVersion);

        await ApplyAsync("switch-2", "2.0.0", DeploymentStrategy.BlueGreen, Cohorts.Stable, 100);
        await ApplyAsync("retire-2", "2.0.0", DeploymentStrategy.BlueGreen, Cohorts.Previous, 0);
        await _sandbox.RollbackAsync(_target, "rb-2", "2.0.0", "1.0.0");

        Assert.Equal("redeploy", _sandbox.ReadLedger()[^1].GetProperty("mode").GetString());
        Assert.Equal("1.0.0", (await StatusAsync()).StableVersion);
    }

    [Fact]
    public async Task Rolling_BatchesMoveTheShareOfInstances_AndTheLastBatchMakesItStable()
    {
        await _sandbox.ApplyAsync(_target, "base", "1.0.0", Cohorts.Stable, 100);

        var half = await ApplyAsync("batch-1", "2.0.0", DeploymentStrategy.Rolling, Cohorts.Stable, 50);
        Assert.Contains("50% of instances run 2.0.0", half.Detail, StringComparison.Ordinal);
        Assert.Equal("1.0.0", (await StatusAsync()).StableVersion);

        await ApplyAsync("batch-2", "2.0.0", DeploymentStrategy.Rolling, Cohorts.Stable, 100);
        Assert.Equal("2.0.0", (await StatusAsync()).StableVersion);
    }

    [Fact]
    public async Task AllAtOnce_ReplacesStable_AndRefusesAPartialWeight()
    {
        await ApplyAsync("once", "2.0.0", DeploymentStrategy.AllAtOnce, Cohorts.Stable, 100);
        Assert.Equal("2.0.0", (await StatusAsync()).StableVersion);

        await Assert.ThrowsAsync<DriverException>(() => ApplyAsync("half", "3.0.0", DeploymentStrategy.AllAtOnce, Cohorts.Stable, 50));
        await Assert.ThrowsAsync<DriverException>(() => ApplyAsync("wrong", "3.0.0", DeploymentStrategy.Rolling, Cohorts.Preview, 0));
        Assert.Single(_sandbox.ReadLedger());
    }

    [Fact]
    public async Task Mirror_GivesTheNewVersionMirroredTraffic_WithoutTakingItFromStable()
    {
        await _sandbox.ApplyAsync(_target, "base", "1.0.0", Cohorts.Stable, 100);
        await ApplyAsync("mirror", "2.0.0", DeploymentStrategy.Canary, Cohorts.Mirror, 20);
        _sandbox.Time.Advance(TimeSpan.FromSeconds(10));
        var end = _sandbox.Time.GetUtcNow();

        var mirrored = await _sandbox.QueryAsync(_target, "request-rate", Cohorts.Canary, end.AddSeconds(-5), end);
        var stable = await _sandbox.QueryAsync(_target, "request-rate", Cohorts.Stable, end.AddSeconds(-5), end);

        Assert.InRange(mirrored.Value!.Value, 30, 50);
        Assert.InRange(stable.Value!.Value, 180, 220);
    }

    private Task<ApplyResult> ApplyAsync(string key, string version, DeploymentStrategy strategy, string cohort, int weight) =>
        _sandbox.Driver.ApplyAsync(_target, new ApplyRequest { ReleaseId = "rel-1", Version = version, Cohort = cohort, Weight = weight, IdempotencyKey = key, Strategy = strategy }, CancellationToken.None);

    private Task<TargetStatus> StatusAsync() => _sandbox.Driver.GetStatusAsync(_target, CancellationToken.None);
}
