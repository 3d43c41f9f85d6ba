using System.Text.Json;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Tests;

public sealed class DriverTests
{
    private static readonly TargetContext Target = SandboxHarness.Target();

    [Fact]
    public async Task A_new_target_runs_nothing_and_is_healthy()
    {
        using var sandbox = new SandboxHarness();

        var status = await sandbox.Driver.GetStatusAsync(Target, CancellationToken.None);

        Assert.Null(status.StableVersion);
        Assert.Null(status.CanaryVersion);
        Assert.Equal(0, status.CanaryWeight);
        Assert.True(status.Ready);
        Assert.Equal(TargetHealth.Healthy, status.Health);
        Assert.False(File.Exists(sandbox.LedgerPath()));
    }

    [Fact]
    public async Task Canary_then_promote_moves_the_fleet()
    {
        using var sandbox = new SandboxHarness();

        Assert.Equal(ApplyOutcome.Applied, (await sandbox.ApplyAsync(Target, "k1", "1.0.0", Cohorts.Stable, 100)).Outcome);
        Assert.Equal(ApplyOutcome.Applied, (await sandbox.ApplyAsync(Target, "k2", "1.1.0", Cohorts.Canary, 25)).Outcome);
        var during = await sandbox.Driver.GetStatusAsync(Target, CancellationToken.None);
        Assert.Equal(ApplyOutcome.Applied, (await sandbox.ApplyAsync(Target, "k3", "1.1.0", Cohorts.Stable, 100)).Outcome);
        var after = await sandbox.Driver.GetStatusAsync(Target, CancellationToken.None);

        Assert.Equal(("1.0.0", "1.1.0", 25), (during.StableVersion, during.CanaryVersion, during.CanaryWeight));
        Assert.Equal(("1.1.0", (string?)null, 0), (after.StableVersion, after.CanaryVersion, after.CanaryWeight));
        Assert.Equal(TargetHealth.Healthy, after.Health);
    }

    [Fact]
    public async Task Same_key_twice_is_applied_once_and_recorded_as_duplicate()
    {
        using var sandbox = new SandboxHarness();
        await sandbox.ApplyAsync(Target, "k1", "1.0.0", Cohorts.Stable, 100);
        await sandbox.ApplyAsync(Target, "k2", "1.1.0", Cohorts.Canary, 10);
        var before = await sandbox.Driver.GetStatusAsync(Target, CancellationToken.None);

        // Same key, different payload: the key alone decides, nothing changes.
        var again = await sandbox.ApplyAsync(Target, "k2", "9.9.9", Cohorts.Canary, 50);

        Assert.Equal(ApplyOutcome.AlreadyApplied, again.Outcome);
        var status = await sandbox.Driver.GetStatusAsync(Target, CancellationToken.None);
        Assert.Equal((before.StableVersion, before.CanaryVersion, before.CanaryWeight), (status.StableVersion, status.CanaryVersion, status.CanaryWeight));
        var ledger = sandbox.ReadLedger();
        Assert.Equal(["applied", "applied", "duplicate"], ledger.Select(l => l.GetProperty("outcome").GetString()));
        Assert.Equal(["k1", "k2", "k2"], ledger.Select(l => l.GetProperty("key").GetString()));
        Assert.Single(ledger, l => l.GetProperty("key").GetString() == "k2" && l.GetProperty("outcome").GetString() == "applied");
    }

    [Fact]
    public async Task Ledger_lines_carry_every_field()
    {
        using var sandbox = new SandboxHarness();
        await sandbox.ApplyAsync(Target, "k1", "1.1.0", Cohorts.Canary, 10);
        sandbox.Time.Advance(TimeSpan.FromSeconds(30));
        await sandbox.RollbackAsync(Target, "k2", "1.1.0", "1.0.0");

        var ledger = sandbox.ReadLedger();

        Assert.Equal(2, ledger.Count);
        var apply = ledger[0];
        Assert.Equal(
            ["at", "key", "action", "releaseId", "version", "cohort", "weight", "toVersion", "strategy", "outcome"],
            apply.EnumerateObject().Select(p => p.Name));
        Assert.Equal(SandboxHarness.Epoch, apply.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("apply", apply.GetProperty("action").GetString());
        Assert.Equal("rel-1", apply.GetProperty("releaseId").GetString());
        Assert.Equal("1.1.0", apply.GetProperty("version").GetString());
        Assert.Equal("canary", apply.GetProperty("cohort").GetString());
        Assert.Equal(10, apply.GetProperty("weight").GetInt32());
        Assert.Equal(JsonValueKind.Null, apply.GetProperty("toVersion").ValueKind);
        var rollback = ledger[1];
        Assert.Equal(SandboxHarness.Epoch.AddSeconds(30), rollback.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("rollback", rollback.GetProperty("action").GetString());
        Assert.Equal("1.1.0", rollback.GetProperty("version").GetString());
        Assert.Equal("1.0.0", rollback.GetProperty("toVersion").GetString());
        Assert.Equal("applied", rollback.GetProperty("outcome").GetString());
        Assert.Equal("canary", apply.GetProperty("strategy").GetString());
        Assert.Equal("redeploy", rollback.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task State_survives_a_new_plugin_instance_over_the_same_folder()
    {
        using var first = new SandboxHarness();
        await first.ApplyAsync(Target, "k1", "1.0.0", Cohorts.Stable, 100);
        await first.ApplyAsync(Target, "k2", "1.1.0", Cohorts.Canary, 40);

        using var second = first.Restart();
        var status = await second.Driver.GetStatusAsync(Target, CancellationToken.None);
        var replayedKey = await second.ApplyAsync(Target, "k2", "1.1.0", Cohorts.Canary, 40);

        Assert.Equal(("1.0.0", "1.1.0", 40), (status.StableVersion, status.CanaryVersion, status.CanaryWeight));
        Assert.Equal(ApplyOutcome.AlreadyApplied, replayedKey.Outcome);
        Assert.Equal(["applied", "applied", "duplicate"], second.ReadLedger().Select(l => l.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task Rollback_restores_stable_and_clears_the_canary()
    {
        using var sandbox = new SandboxHarness();
        await sandbox.ApplyAsync(Target, "k1", "1.0.0", Cohorts.Stable, 100);
        await sandbox.ApplyAsync(Target, "k2", "1.1.0", Cohorts.Canary, 50);

        var result = await sandbox.RollbackAsync(Target, "k3", "1.1.0", "1.0.0");
        var again = await sandbox.RollbackAsync(Target, "k3", "1.1.0", "1.0.0");

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal(ApplyOutcome.AlreadyApplied, again.Outcome);
        var status = await sandbox.Driver.GetStatusAsync(Target, CancellationToken.None);
        Assert.Equal(("1.0.0", (string?)null, 0), (status.StableVersion, status.CanaryVersion, status.CanaryWeight));
    }

    [Fact]
    public async Task Rollback_to_nothing_after_the_first_release_took_all_traffic_leaves_no_version_serving()
    {
        // No target version means the target ran nothing before (the SDK's meaning); keeping the current stable left a
        // failed first release serving 100 % under a release reported rolled back.
        using var sandbox = new SandboxHarness();
        await sandbox.ApplyAsync(Target, "k1", "1.0.0-bad", Cohorts.Canary, 10);
        await sandbox.ApplyAsync(Target, "k2", "1.0.0-bad", Cohorts.Stable, 100);

        var result = await sandbox.RollbackAsync(Target, "k3", "1.0.0-bad", toVersion: null);

        var status = await sandbox.Driver.GetStatusAsync(Target, CancellationToken.None);
        Assert.Equal(((string?)null, (string?)null, 0), (status.StableVersion, status.CanaryVersion, status.CanaryWeight));
        Assert.Contains("to nothing", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_after_promotion_returns_stable_to_the_previous_version()
    {
        using var sandbox = new SandboxHarness();
        await sandbox.ApplyAsync(Target, "k1", "1.0.0", Cohorts.Stable, 100);
        await sandbox.ApplyAsync(Target, "k2", "1.1.0", Cohorts.Stable, 100);

        await sandbox.RollbackAsync(Target, "k3", "1.1.0", "1.0.0");

        Assert.Equal("1.0.0", (await sandbox.Driver.GetStatusAsync(Target, CancellationToken.None)).StableVersion);
    }

    [Theory]
    [InlineData("canary", -1)]
    [InlineData("canary", 101)]
    [InlineData("baseline", 10)]
    [InlineData("blue", 10)]
    public async Task Invalid_requests_throw_and_write_nothing(string cohort, int weight)
    {
        using var sandbox = new SandboxHarness();

        var ex = await Assert.ThrowsAsync<DriverException>(() => sandbox.ApplyAsync(Target, "k1", "1.1.0", cohort, weight));

        Assert.Contains(weight is < 0 or > 100 ? "0 to 100" : cohort, ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(sandbox.LedgerPath()));
    }

    [Fact]
    public async Task Concurrent_calls_apply_each_key_exactly_once()
    {
        using var sandbox = new SandboxHarness();

        var calls = Enumerable.Range(0, 40)
            .Select(i => Task.Run(() => sandbox.ApplyAsync(Target, $"k{i % 10}", $"1.{i % 10}.0", Cohorts.Canary, i % 10)));
        var results = await Task.WhenAll(calls);

        Assert.Equal(10, results.Count(r => r.Outcome == ApplyOutcome.Applied));
        Assert.Equal(30, results.Count(r => r.Outcome == ApplyOutcome.AlreadyApplied));
        var applied = sandbox.ReadLedger().Where(l => l.GetProperty("outcome").GetString() == "applied").Select(l => l.GetProperty("key").GetString()).ToList();
        Assert.Equal(10, applied.Count);
        Assert.Equal(10, applied.Distinct().Count());
    }

    [Fact]
    public async Task A_torn_last_line_is_ignored_on_replay_and_the_ledger_stays_line_per_call()
    {
        using var first = new SandboxHarness();
        await first.ApplyAsync(Target, "k1", "1.0.0", Cohorts.Stable, 100);
        File.AppendAllText(first.LedgerPath(), "{\"at\":\"2026-11-01T12:00:00Z\",\"key\":\"k2\",\"act");

        using var second = first.Restart();
        var result = await second.ApplyAsync(Target, "k2", "1.1.0", Cohorts.Canary, 10);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        var lines = File.ReadAllLines(second.LedgerPath());
        Assert.Equal(3, lines.Length);
        Assert.Equal("k2", JsonDocument.Parse(lines[2]).RootElement.GetProperty("key").GetString());
        Assert.Equal("1.1.0", (await second.Driver.GetStatusAsync(Target, CancellationToken.None)).CanaryVersion);
    }

    [Fact]
    public async Task Targets_keep_separate_ledgers()
    {
        using var sandbox = new SandboxHarness();
        var other = SandboxHarness.Target("sbx-2");

        await sandbox.ApplyAsync(Target, "k1", "1.0.0", Cohorts.Stable, 100);
        var sameKeyElsewhere = await sandbox.ApplyAsync(other, "k1", "2.0.0", Cohorts.Stable, 100);

        Assert.Equal(ApplyOutcome.Applied, sameKeyElsewhere.Outcome);
        Assert.Single(sandbox.ReadLedger("sbx"));
        Assert.Single(sandbox.ReadLedger("sbx-2"));
        Assert.Equal("2.0.0", (await sandbox.Driver.GetStatusAsync(other, CancellationToken.None)).StableVersion);
    }

    [Fact]
    public async Task Status_is_degraded_while_the_canary_is_faulted()
    {
        using var sandbox = new SandboxHarness();
        var target = SandboxHarness.Target(settingsJson: """{"fault":{"versionPattern":"*-bad","afterSeconds":60}}""");
        await sandbox.ApplyAsync(target, "k1", "1.0.0", Cohorts.Stable, 100);
        await sandbox.ApplyAsync(target, "k2", "1.1.0-bad", Cohorts.Canary, 10);

        var early = await sandbox.Driver.GetStatusAsync(target, CancellationToken.None);
        sandbox.Time.Advance(TimeSpan.FromSeconds(60));
        var late = await sandbox.Driver.GetStatusAsync(target, CancellationToken.None);

        Assert.Equal(TargetHealth.Healthy, early.Health);
        Assert.Equal(TargetHealth.Degraded, late.Health);
        Assert.Contains("canary 1.1.0-bad", late.Detail, StringComparison.Ordinal);
        Assert.True(late.Ready);
    }
}
