using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Tests;

public sealed class MetricsTests
{
    private const double BaseErrorRate = 0.005;
    private const double BaseLatencyMs = 120;
    private static readonly DateTimeOffset T0 = SandboxHarness.Epoch;

    [Fact]
    public async Task Without_a_canary_the_canary_cohort_has_no_data_and_baseline_has_all_traffic()
    {
        using var sandbox = new SandboxHarness();
        var target = SandboxHarness.Target();
        await sandbox.ApplyAsync(target, "k1", "1.0.0", Cohorts.Stable, 100);

        var canary = await sandbox.QueryAsync(target, "error-rate", Cohorts.Canary, T0, T0.AddSeconds(60));
        var baseline = await sandbox.QueryAsync(target, "request-rate", Cohorts.Baseline, T0, T0.AddSeconds(60));

        Assert.Null(canary.Value);
        Assert.Equal(0, canary.SampleSize);
        Assert.Empty(canary.Points);
        Assert.Equal(200, baseline.Value!.Value, tolerance: 200 * 0.02);
        Assert.Equal(60, baseline.Points.Count);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(25)]
    [InlineData(50)]
    public async Task Canary_share_of_requests_follows_its_weight(int weight)
    {
        using var sandbox = new SandboxHarness();
        var target = SandboxHarness.Target(settingsJson: """{"requestsPerSecond":400}""");
        await sandbox.ApplyAsync(target, "k1", "1.0.0", Cohorts.Stable, 100);
        await sandbox.ApplyAsync(target, "k2", "1.1.0", Cohorts.Canary, weight);

        var canary = await sandbox.QueryAsync(target, "request-rate", Cohorts.Canary, T0, T0.AddSeconds(120));
        var baseline = await sandbox.QueryAsync(target, "request-rate", Cohorts.Baseline, T0, T0.AddSeconds(120));

        Assert.Equal(400.0 * weight / 100, canary.Value!.Value, tolerance: 400.0 * weight / 100 * 0.02);
        Assert.Equal(400.0 * (100 - weight) / 100, baseline.Value!.Value, tolerance: 400.0 * (100 - weight) / 100 * 0.02);
        Assert.Equal(120, canary.Points.Count);
        Assert.Equal(canary.Points.Sum(p => p.Value), canary.SampleSize, tolerance: 1);
        Assert.All(canary.Points, p => Assert.InRange(p.Value, 4.0 * weight * 0.95, 4.0 * weight * 1.05));
    }

    [Fact]
    public async Task Points_are_one_per_second_in_the_half_open_window()
    {
        using var sandbox = new SandboxHarness();
        var target = SandboxHarness.Target();

        var result = await sandbox.QueryAsync(target, "latency-p95", Cohorts.Stable, T0.AddMilliseconds(500), T0.AddSeconds(10));

        Assert.Equal(Enumerable.Range(1, 9).Select(s => T0.AddSeconds(s)), result.Points.Select(p => p.Timestamp));
    }

    [Fact]
    public async Task The_same_query_gives_the_same_answer()
    {
        using var sandbox = new SandboxHarness();
        var target = SandboxHarness.Target();
        await sandbox.ApplyAsync(target, "k1", "1.0.0", Cohorts.Stable, 100);
        await sandbox.ApplyAsync(target, "k2", "1.1.0", Cohorts.Canary, 20);

        var first = await sandbox.QueryAsync(target, "error-rate", Cohorts.Canary, T0, T0.AddSeconds(300));
        using var restarted = sandbox.Restart();
        var second = await restarted.QueryAsync(target, "error-rate", Cohorts.Canary, T0, T0.AddSeconds(300));

        Assert.Equal(first.Value, second.Value);
        Assert.Equal(first.SampleSize, second.SampleSize);
        Assert.Equal(first.Points, second.Points);
        Assert.True(first.Points.Select(p => p.Value).Distinct().Count() > 250, "values are noisy, not constant");
    }

    [Fact]
    public async Task A_past_window_keeps_its_answer_after_the_fleet_changes()
    {
        using var sandbox = new SandboxHarness();
        var target = SandboxHarness.Target();
        await sandbox.ApplyAsync(target, "k1", "1.1.0", Cohorts.Canary, 10);
        sandbox.Time.Advance(TimeSpan.FromSeconds(60));
        var before = await sandbox.QueryAsync(target, "request-rate", Cohorts.Canary, T0, T0.AddSeconds(60));

        await sandbox.ApplyAsync(target, "k2", "1.1.0", Cohorts.Canary, 50);
        var after = await sandbox.QueryAsync(target, "request-rate", Cohorts.Canary, T0, T0.AddSeconds(60));
        var spanning = await sandbox.QueryAsync(target, "request-rate", Cohorts.Canary, T0.AddSeconds(30), T0.AddSeconds(90));

        Assert.Equal(before.Points, after.Points);
        Assert.Equal(20, spanning.Points[0].Value, tolerance: 1);
        Assert.Equal(100, spanning.Points[^1].Value, tolerance: 5);
    }

    [Fact]
    public async Task Error_fault_starts_after_its_delay_on_the_canary_only()
    {
        using var sandbox = new SandboxHarness();
        var target = SandboxHarness.Target(settingsJson: """{"fault":{"versionPattern":"*-bad","afterSeconds":120,"errorRate":0.2}}""");
        await sandbox.ApplyAsync(target, "k1", "1.0.0", Cohorts.Stable, 100);
        await sandbox.ApplyAsync(target, "k2", "1.1.0-bad", Cohorts.Canary, 10);

        var canaryBefore = await sandbox.QueryAsync(target, "error-rate", Cohorts.Canary, T0, T0.AddSeconds(120));
        var canaryAfter = await sandbox.QueryAsync(target, "error-rate", Cohorts.Canary, T0.AddSeconds(120), T0.AddSeconds(240));
        var baselineAfter = await sandbox.QueryAsync(target, "error-rate", Cohorts.Baseline, T0.AddSeconds(120), T0.AddSeconds(240));

        Assert.Equal(BaseErrorRate, canaryBefore.Value!.Value, tolerance: BaseErrorRate * 0.1);
        Assert.True(canaryAfter.Value >= BaseErrorRate + (0.2 * 0.9), $"canary error rate {canaryAfter.Value} should include most of the fault");
        Assert.Equal(BaseErrorRate, baselineAfter.Value!.Value, tolerance: BaseErrorRate * 0.1);
        Assert.All(canaryBefore.Points, p => Assert.InRange(p.Value, BaseErrorRate * 0.7, BaseErrorRate * 1.3));
    }

    [Fact]
    public async Task Fault_ignores_versions_that_do_not_match_the_pattern()
    {
        using var sandbox = new SandboxHarness();
        var target = SandboxHarness.Target(settingsJson: """{"fault":{"versionPattern":"*-bad"}}""");
        await sandbox.ApplyAsync(target, "k1", "1.1.0-good", Cohorts.Canary, 10);

        var canary = await sandbox.QueryAsync(target, "error-rate", Cohorts.Canary, T0, T0.AddSeconds(120));

        Assert.Equal(BaseErrorRate, canary.Value!.Value, tolerance: BaseErrorRate * 0.1);
    }

    [Fact]
    public async Task Latency_fault_raises_the_canary_p95()
    {
        using var sandbox = new SandboxHarness();
        var target = SandboxHarness.Target(settingsJson: """{"fault":{"versionPattern":"2.*","latencyMs":300,"errorRate":0}}""");
        await sandbox.ApplyAsync(target, "k1", "1.0.0", Cohorts.Stable, 100);
        await sandbox.ApplyAsync(target, "k2", "2.0.0", Cohorts.Canary, 10);

        var canaryLatency = await sandbox.QueryAsync(target, "latency-p95", Cohorts.Canary, T0, T0.AddSeconds(120));
        var baselineLatency = await sandbox.QueryAsync(target, "latency-p95", Cohorts.Baseline, T0, T0.AddSeconds(120));
        var canaryErrors = await sandbox.QueryAsync(target, "error-rate", Cohorts.Canary, T0, T0.AddSeconds(120));

        Assert.Equal(BaseLatencyMs + 300, canaryLatency.Value!.Value, tolerance: BaseLatencyMs * 0.05);
        Assert.Equal(BaseLatencyMs, baselineLatency.Value!.Value, tolerance: BaseLatencyMs * 0.05);
        Assert.All(baselineLatency.Points, p => Assert.InRange(p.Value, BaseLatencyMs * 0.85, BaseLatencyMs * 1.15));
        Assert.Equal(BaseErrorRate, canaryErrors.Value!.Value, tolerance: BaseErrorRate * 0.1);
    }

    [Fact]
    public async Task A_promoted_faulty_version_keeps_misbehaving_on_stable()
    {
        using var sandbox = new SandboxHarness();
        var target = SandboxHarness.Target(settingsJson: """{"fault":{"versionPattern":"*-bad","afterSeconds":30}}""");
        await sandbox.ApplyAsync(target, "k1", "1.0.0", Cohorts.Stable, 100);
        await sandbox.ApplyAsync(target, "k2", "1.1.0-bad", Cohorts.Canary, 10);
        sandbox.Time.Advance(TimeSpan.FromSeconds(10));
        await sandbox.ApplyAsync(target, "k3", "1.1.0-bad", Cohorts.Stable, 100);

        // The fault clock started with the canary: stable is faulted from T0+30s, not from the promotion.
        var stableEarly = await sandbox.QueryAsync(target, "error-rate", Cohorts.Stable, T0.AddSeconds(10), T0.AddSeconds(30));
        var stableLate = await sandbox.QueryAsync(target, "error-rate", Cohorts.Stable, T0.AddSeconds(30), T0.AddSeconds(90));
        sandbox.Time.Advance(TimeSpan.FromSeconds(20));
        var status = await sandbox.Driver.GetStatusAsync(target, CancellationToken.None);

        Assert.Equal(BaseErrorRate, stableEarly.Value!.Value, tolerance: BaseErrorRate * 0.15);
        Assert.True(stableLate.Value >= BaseErrorRate + (0.25 * 0.9), $"stable error rate {stableLate.Value} should include the fault");
        Assert.Equal(200, stableLate.SampleSize / 60.0, tolerance: 200 * 0.02);
        Assert.Equal(TargetHealth.Degraded, status.Health);
        Assert.Contains("stable 1.1.0-bad", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_ends_the_fault()
    {
        using var sandbox = new SandboxHarness();
        var target = SandboxHarness.Target(settingsJson: """{"fault":{"versionPattern":"*-bad"}}""");
        await sandbox.ApplyAsync(target, "k1", "1.0.0", Cohorts.Stable, 100);
        await sandbox.ApplyAsync(target, "k2", "1.1.0-bad", Cohorts.Canary, 10);
        sandbox.Time.Advance(TimeSpan.FromSeconds(60));
        await sandbox.RollbackAsync(target, "k3", "1.1.0-bad", "1.0.0");

        var canary = await sandbox.QueryAsync(target, "error-rate", Cohorts.Canary, T0.AddSeconds(60), T0.AddSeconds(120));
        var stable = await sandbox.QueryAsync(target, "error-rate", Cohorts.Stable, T0.AddSeconds(60), T0.AddSeconds(120));
        var status = await sandbox.Driver.GetStatusAsync(target, CancellationToken.None);

        Assert.Null(canary.Value);
        Assert.Equal(BaseErrorRate, stable.Value!.Value, tolerance: BaseErrorRate * 0.1);
        Assert.Equal(TargetHealth.Healthy, status.Health);
    }

    [Fact]
    public async Task Unknown_metric_is_an_error_listing_the_known_ones()
    {
        using var sandbox = new SandboxHarness();

        var ex = await Assert.ThrowsAsync<DriverException>(() => sandbox.QueryAsync(SandboxHarness.Target(), "cpu", Cohorts.Canary, T0, T0.AddSeconds(60)));

        Assert.Contains("'cpu'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("error-rate, latency-p95, request-rate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_cohort_and_reversed_window_are_errors()
    {
        using var sandbox = new SandboxHarness();
        var target = SandboxHarness.Target();

        await Assert.ThrowsAsync<DriverException>(() => sandbox.QueryAsync(target, "error-rate", "blue", T0, T0.AddSeconds(60)));
        await Assert.ThrowsAsync<DriverException>(() => sandbox.QueryAsync(target, "error-rate", Cohorts.Canary, T0.AddSeconds(60), T0));
        await Assert.ThrowsAsync<DriverException>(() => sandbox.QueryAsync(target, "error-rate", Cohorts.Canary, T0, T0.AddDays(8)));
    }

    [Fact]
    public async Task Settings_change_the_simulation()
    {
        using var sandbox = new SandboxHarness();
        var target = SandboxHarness.Target(settingsJson: """{"requestsPerSecond":50,"baseErrorRate":0.02,"baseLatencyMs":40}""");

        var rate = await sandbox.QueryAsync(target, "request-rate", Cohorts.Stable, T0, T0.AddSeconds(120));
        var errors = await sandbox.QueryAsync(target, "error-rate", Cohorts.Stable, T0, T0.AddSeconds(120));
        var latency = await sandbox.QueryAsync(target, "latency-p95", Cohorts.Stable, T0, T0.AddSeconds(120));

        Assert.Equal(50, rate.Value!.Value, tolerance: 1);
        Assert.Equal(0.02, errors.Value!.Value, tolerance: 0.002);
        Assert.Equal(40, latency.Value!.Value, tolerance: 2);
        Assert.Equal(50 * 120, errors.SampleSize, tolerance: 50 * 120 * 0.02);
    }
}
