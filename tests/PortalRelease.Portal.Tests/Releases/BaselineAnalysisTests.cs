using System.Net;
using System.Net.Http.Json;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Releases;

/// <summary>
/// Analysis with the real engine and the real Sandbox plugin: a baseline-versus-canary comparison with no absolute
/// threshold catches a latency fault and rolls back, leaves a healthy canary alone, and pauses a release whose
/// traffic is too thin to judge.
/// </summary>
public sealed class BaselineAnalysisTests : PortalTest
{
    [Fact]
    public async Task LatencyFaultOnTheCanary_WithoutAThreshold_FailsTheBaselineComparisonAndRollsBack()
    {
        await AddTargetAsync("slow-eu", new { fault = new { versionPattern = "*-slow", errorRate = 0, latencyMs = 250 } });
        await Client.ImportTemplateAsync(Template("compare-latency", "slow-eu", "interval: 5s\n          count: 3\n          consecutiveFailureLimit: 2"));

        var id = await Client.CreateReleaseAsync("compare-latency", "2.0.0-slow");

        await Client.WaitForStateAsync(id, "RolledBack", TimeSpan.FromSeconds(60));
        var events = await Client.GetEventsAsync(id);
        var measurements = events.Where(e => e.Type == "MeasurementTaken").ToList();
        Assert.Equal([1, 2], measurements.Select(m => m.Data.GetProperty("round").GetInt32()));
        foreach (var m in measurements)
        {
            Assert.Equal("Failed", m.Str("outcome"));
            var baseline = m.Data.GetProperty("baseline");
            Assert.Equal(5, baseline.GetProperty("canaryPoints").GetInt32());
            Assert.Equal(5, baseline.GetProperty("baselinePoints").GetInt32());
            // Every canary second is slower than every scaled baseline second: U = 25, exact p = 1/252.
            Assert.Equal(25, baseline.GetProperty("u").GetDouble());
            Assert.Equal(1 / 252.0, baseline.GetProperty("pValue").GetDouble(), 1e-9);
            Assert.True(baseline.GetProperty("exact").GetBoolean());
            Assert.Equal(1.0, baseline.GetProperty("rankBiserial").GetDouble(), 1e-9);
            Assert.InRange(baseline.GetProperty("medianRatio").GetDouble(), 2.5, 4);
            Assert.Equal("Failed", baseline.GetProperty("outcome").GetString());
            Assert.False(m.Data.TryGetProperty("max", out _));
        }
        Assert.Equal(2, measurements[^1].Data.GetProperty("consecutiveFailures").GetInt32());
        Assert.Matches(@"^canary latency-p95 \d+ ms vs baseline \d+ ms, p = 0\.004: significantly higher than baseline \+10% at α 0\.05", measurements[0].Str("explanation"));

        var verdict = Assert.Single(events, e => e.Type == "AnalysisVerdict");
        Assert.Equal("Failed", verdict.Str("verdict"));
        Assert.Equal("slow-eu", verdict.Str("target"));
        Assert.Equal(2, verdict.Data.GetProperty("consecutiveFailures").GetInt32());
        Assert.Contains("2 consecutive failures of latency-p95 (limit 2)", verdict.Str("explanation"));
        var rollback = Assert.Single(events, e => e.Type == "ActionIntended" && e.Str("action") == "rollback");
        Assert.True(rollback.Seq > verdict.Seq);
        // The deciding round, its verdict and the request to roll back were one commit: no interval passes in between.
        var failed = Assert.Single(events, e => e.Type == "StateChanged" && e.Str("to") == "Failed");
        var commit = events.Where(e => e.Type != "MetricsSampled" && e.Seq >= failed.Seq).Take(4).Select(e => e.Type);
        Assert.True(
            commit.SequenceEqual(["StateChanged", "MeasurementTaken", "AnalysisVerdict", "RollbackRequested"]),
            string.Join(Environment.NewLine, events.Where(e => e.Type != "MetricsSampled")));
        Assert.StartsWith("Analysis of latency-p95 failed: canary latency-p95", failed.Str("reason"));
        JournalChecks.EveryIntendedActionDoneOnce(events);
    }

    [Fact]
    public async Task HealthyCanary_PassesTheBaselineComparisonAndIsPromoted()
    {
        await AddTargetAsync("calm-eu", new { });
        await Client.ImportTemplateAsync(Template("compare-healthy", "calm-eu", "interval: 5s\n          count: 2"));

        var id = await Client.CreateReleaseAsync("compare-healthy", "2.0.0");

        await Client.WaitForStateAsync(id, "Promoted", TimeSpan.FromSeconds(60));
        var events = await Client.GetEventsAsync(id);
        var measurements = events.Where(e => e.Type == "MeasurementTaken").ToList();
        Assert.Equal(2, measurements.Count);
        Assert.All(measurements, m =>
        {
            Assert.Equal("Passed", m.Str("outcome"));
            Assert.True(m.Data.GetProperty("baseline").GetProperty("pValue").GetDouble() >= 0.05);
            Assert.Contains("not significantly higher than baseline +10%", m.Str("explanation"));
        });
        var verdict = Assert.Single(events, e => e.Type == "AnalysisVerdict");
        Assert.Equal("Passed", verdict.Str("verdict"));
        Assert.StartsWith("Passed: 2 of 2 measurements of latency-p95 passed", verdict.Str("explanation"));
    }

    [Fact]
    public async Task TooLittleTraffic_IsInconclusive_AndPausesForAPerson()
    {
        // Two requests a second, half to the canary: about two per 2-second round, below the minimum of 50.
        await AddTargetAsync("quiet-eu", new { requestsPerSecond = 2 });
        await Client.ImportTemplateAsync(Template("compare-quiet", "quiet-eu", "interval: 2s\n          count: 3\n          inconclusiveLimit: 1\n          minSampleSize: 50"));

        var id = await Client.CreateReleaseAsync("compare-quiet", "2.0.0");

        var events = await Client.WaitForEventsAsync(id, all => all.Any(e => e.Type == "Paused"), "the release to pause", TimeSpan.FromSeconds(60));
        var measurements = events.Where(e => e.Type == "MeasurementTaken").ToList();
        Assert.Equal(2, measurements.Count);
        Assert.All(measurements, m =>
        {
            Assert.Equal("Inconclusive", m.Str("outcome"));
            Assert.Contains("Too little traffic", m.Str("explanation"));
        });
        var verdict = Assert.Single(events, e => e.Type == "AnalysisVerdict");
        Assert.Equal("Inconclusive", verdict.Str("verdict"));
        Assert.Contains("2 inconclusive measurements of latency-p95 on quiet-eu, more than the limit 1", verdict.Str("explanation"));
        var paused = Assert.Single(events, e => e.Type == "Paused");
        Assert.StartsWith("Analysis of latency-p95 inconclusive:", paused.Str("reason"));
        Assert.EndsWith("Resume to continue or roll back.", paused.Str("reason"));
        Assert.DoesNotContain(events, e => e.Type == "ActionIntended" && e.Str("action") == "rollback");
        var release = await Client.GetReleaseAsync(id);
        Assert.True(release.Paused);
        Assert.Equal("Verifying", release.State);
    }

    private static string Template(string name, string target, string options) => $"""
        name: {name}
        stages:
          - name: production
            targets: [{target}]
            steps:
              - setWeight: 50
              - analysis:
                  metric: latency-p95
                  {options}
                  baseline: {"{"} margin: 0.10, alpha: 0.05, direction: lower-is-better {"}"}
        """;

    private async Task AddTargetAsync(string name, object settings)
    {
        using var response = await Client.Http.PostAsJsonAsync("/api/targets", new { name, kind = "sandbox", settings });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating target {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
