using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Releases;

/// <summary>
/// A rollback is reported only when the target says it took. The crash campaign's case: the first release on a fresh
/// target fails after it took all traffic, and the rollback "to nothing" (the target ran no version before) must leave
/// no version serving — not the bad one at 100 % under a RolledBack release.
/// </summary>
public sealed class RollbackToNothingTests
{
    // Blue-green puts the new version on stable at the switch; the post-promotion analysis then fails it.
    private const string FirstBlueGreen = """
        name: first-blue-green
        stages:
          - name: production
            targets: [sandbox-eu]
            strategy:
              blueGreen:
                postPromotionAnalysis:
                  metric: error-rate
                  max: 0.05
                  interval: 1s
                  count: 2
                keepPreviousFor: 0s
        """;

    private const string FixtureCanary = """
        name: fixture-canary
        stages:
          - name: only
            targets: [fx-stuck]
            steps:
              - setWeight: 50
        """;

    [Fact]
    public async Task Rollback_FirstReleaseFailsOnAFreshSandbox_NoVersionServesAndTheReleaseIsRolledBack()
    {
        await using var portal = new TestPortal();
        await portal.Client.ImportTemplateAsync(FirstBlueGreen);
        Assert.Null((await TestTargetAsync(portal.Http, "sandbox-eu")).StableVersion);

        var id = await portal.Client.CreateReleaseAsync("first-blue-green", "1.0.0-bad");
        await portal.Client.WaitForStateAsync(id, "RolledBack", TimeSpan.FromSeconds(60));

        var events = await portal.Client.GetEventsAsync(id);
        var verdict = Assert.Single(events, e => e.Type == "AnalysisVerdict");
        Assert.Equal("Failed", verdict.Str("verdict"));
        var switched = Assert.Single(events, e => e.Type == "ActionIntended" && e.Str("action") == "apply" && e.Str("cohort") == "stable");
        Assert.True(switched.Seq < verdict.Seq, "the bad version took all traffic before its analysis failed");
        var rollback = Assert.Single(events, e => e.Type == "ActionIntended" && e.Str("action") == "rollback");
        Assert.Null(rollback.Str("toVersion"));
        var status = await TestTargetAsync(portal.Http, "sandbox-eu");
        Assert.Equal((null, null, 0), (status.StableVersion, status.CanaryVersion, status.CanaryWeight));
        JournalChecks.EveryIntendedActionDoneOnce(events);
    }

    [Fact]
    public async Task Rollback_DriverReportsDoneButTheVersionStillServes_ReleaseFailsNotRolledBack()
    {
        await using var portal = new OpsPortal();
        await portal.AddFixtureTargetAsync("fx-stuck", new { servesAfterRollback = true });
        await portal.Client.ImportTemplateAsync(FixtureCanary);
        var id = await portal.Client.CreateReleaseAsync("fixture-canary", "1.0.0");
        await portal.Client.WaitForStateAsync(id, "Promoted");

        using var asked = await portal.Http.PostAsJsonAsync($"/api/releases/{id}/rollback", new { reason = "bad reports" });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);

        var settled = await portal.Client.WaitForStateAsync(id, "Failed");
        Assert.Equal(
            "Rollback failed, the release is not rolled back: 'fx-stuck' still serves 1.0.0 on stable after its driver reported the rollback done",
            settled.Reason);
        var events = await portal.Client.GetEventsAsync(id);
        Assert.Single(events, e => e.Type == "ActionDone" && e.Key == $"{id}/rollback-1/fx-stuck");
        Assert.DoesNotContain(events, e => e.Type == "StateChanged" && e.Str("to") == "RolledBack");
        // The status was read after the rollback call, to confirm it.
        var calls = portal.CallLog("fx-stuck").Select(c => c.Operation).ToList();
        Assert.Equal("status", calls[^1]);
        Assert.Equal("rollback", calls[^2]);
    }

    private static async Task<TargetReading> TestTargetAsync(HttpClient http, string name)
    {
        using var response = await http.PostAsync($"/api/targets/{name}/test", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        static string? Text(JsonElement e, string p) => e.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new TargetReading(Text(json, "stableVersion"), Text(json, "canaryVersion"), json.GetProperty("canaryWeight").GetInt32());
    }

    private sealed record TargetReading(string? StableVersion, string? CanaryVersion, int CanaryWeight);
}
