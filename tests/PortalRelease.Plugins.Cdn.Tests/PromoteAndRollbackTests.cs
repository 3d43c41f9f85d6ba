using PortalRelease.Plugins.Cdn.Tests.Fake;
using PortalRelease.Sdk;
using static PortalRelease.Plugins.Cdn.Tests.CanaryTests;

namespace PortalRelease.Plugins.Cdn.Tests;

/// <summary>Promotion, purge and rollback on the wire: the exact requests and what the fake service holds after them.</summary>
public sealed class PromoteAndRollbackTests : IAsyncLifetime
{
    private FastlyHarness _fastly = null!;

    public async Task InitializeAsync() => _fastly = await FastlyHarness.StartAsync();

    public async Task DisposeAsync() => await _fastly.DisposeAsync();

    [Fact]
    public async Task Promote_MovesStableToTheNewOriginRemovesTheCanaryAndPurgesAll()
    {
        var target = _fastly.Target(s => s["purge"] = "all");
        await _fastly.ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100, target);
        await _fastly.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10, target);
        var from = _fastly.Server.Requests.Count;

        var result = await _fastly.ApplyAsync("k-promote", "1.1.0", Cohorts.Stable, 100, target);

        Assert.Equal(
        [
            $"GET {S}/version",
            $"PUT {S}/version/3/clone",
            $"PUT {S}/version/4",
            $"GET {S}/version/4/backend",
            $"PUT {S}/version/4/backend/portalrelease_stable",
            $"GET {S}/version/4/snippet",
            $"PUT {S}/version/4/snippet/portalrelease_routing",
            $"DELETE {S}/version/4/backend/portalrelease_canary",
            $"GET {S}/version/4/validate",
            $"PUT {S}/version/4/activate",
            $"POST {S}/purge_all",
        ], _fastly.Server.Lines(from));
        var active = _fastly.Server.ActiveVersion;
        Assert.Equal("app-1.1.0.origin.example.com", active.Backends["portalrelease_stable"]["address"]);
        Assert.DoesNotContain("portalrelease_canary", active.Backends.Keys);
        Assert.DoesNotContain("F_portalrelease_canary", active.Snippets["portalrelease_routing"]["content"], StringComparison.Ordinal);
        Assert.Contains("Purged the whole cache", result.Detail, StringComparison.Ordinal);
        // One purge when stable first moved (from the service's own backend) and one at promotion; none for the canary step.
        Assert.Equal(["all", "all"], _fastly.Server.Purges);
        var status = await _fastly.StatusAsync();
        Assert.Equal(("1.1.0", (string?)null, 0), (status.StableVersion, status.CanaryVersion, status.CanaryWeight));
    }

    [Fact]
    public async Task Promote_WithSurrogateKeyPurge_PurgesThatKey()
    {
        var target = _fastly.Target(s =>
        {
            s["purge"] = "surrogate-key";
            s["surrogateKey"] = "html";
        });
        await _fastly.ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100, target);
        var from = _fastly.Server.Requests.Count;

        var result = await _fastly.ApplyAsync("k-promote", "1.1.0", Cohorts.Stable, 100, target);

        Assert.Equal($"POST {S}/purge/html", _fastly.Server.Lines(from)[^1]);
        Assert.Contains("Purged surrogate key html", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_WhenThePurgeFails_StillReportsTheActivationAndSaysThePurgeFailed()
    {
        var target = _fastly.Target(s => s["purge"] = "all");
        await _fastly.ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100, target);
        _fastly.Server.Fail(r => r.Line.EndsWith("/purge_all", StringComparison.Ordinal), 403, new { msg = "Token does not have the purge_all scope" });

        var result = await _fastly.ApplyAsync("k-promote", "1.1.0", Cohorts.Stable, 100, target);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Contains("The cache purge failed", result.Detail, StringComparison.Ordinal);
        Assert.Contains("purge_all scope", result.Detail, StringComparison.Ordinal);
        Assert.Equal(3, _fastly.Server.ActiveVersion.Number);
    }

    [Fact]
    public async Task Rollback_AfterPromotion_ActivatesACloneOfTheVersionActiveBeforeTheRelease()
    {
        var target = _fastly.Target(s => s["purge"] = "all");
        await _fastly.ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100, target);
        await _fastly.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10, target);
        await _fastly.ApplyAsync("k-promote", "1.1.0", Cohorts.Stable, 100, target);
        var from = _fastly.Server.Requests.Count;

        var result = await _fastly.RollbackAsync("k-rollback", "1.1.0", "1.0.0", target);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal(
        [
            $"GET {S}/version",
            $"PUT {S}/version/2/clone",
            $"PUT {S}/version/5",
            $"GET {S}/version/5/validate",
            $"PUT {S}/version/5/activate",
            $"POST {S}/purge_all",
        ], _fastly.Server.Lines(from));
        var restored = _fastly.Server.ActiveVersion;
        Assert.Equal(5, restored.Number);
        Assert.Equal(_fastly.Server.Version(2).Backends.Keys.Order(), restored.Backends.Keys.Order());
        Assert.Equal(_fastly.Server.Version(2).Snippets["portalrelease_routing"]["content"], restored.Snippets["portalrelease_routing"]["content"]);
        Assert.Contains("\"restores\":2", restored.Comment, StringComparison.Ordinal);
        Assert.Contains("rollback to the configuration of version 2", result.Detail, StringComparison.Ordinal);
        var status = await _fastly.StatusAsync();
        Assert.Equal(("1.0.0", (string?)null, 0), (status.StableVersion, status.CanaryVersion, status.CanaryWeight));
    }

    [Fact]
    public async Task Rollback_OfAReleaseThatStartedOnAnotherReleasesVersion_ReturnsToThatVersion()
    {
        // Release rel-41 established 1.0.0 (version 2); rel-42 then ran a canary of 1.1.0 at 10% and 30%.
        await _fastly.Driver.ApplyAsync(
            _fastly.Target(), new ApplyRequest { ReleaseId = "rel-41", Version = "1.0.0", Cohort = Cohorts.Stable, Weight = 100, IdempotencyKey = "k-41" }, CancellationToken.None);
        await _fastly.ApplyAsync("k-10", "1.1.0", Cohorts.Canary, 10);
        await _fastly.ApplyAsync("k-30", "1.1.0", Cohorts.Canary, 30);

        await _fastly.RollbackAsync("k-rollback", "1.1.0", null);

        Assert.Contains($"PUT {S}/version/2/clone", _fastly.Server.Lines());
        Assert.Equal((string?)null, (await _fastly.StatusAsync()).CanaryVersion);
    }

    [Fact]
    public async Task Rollback_TheSameKeyAgain_ReadsTheVersionCommentsAndChangesNothing()
    {
        await _fastly.ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100);
        await _fastly.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 20);
        await _fastly.RollbackAsync("k-rollback", "1.1.0", "1.0.0");
        var before = _fastly.Server.Snapshot();
        var from = _fastly.Server.Requests.Count;

        var again = await _fastly.RollbackAsync("k-rollback", "1.1.0", "1.0.0");

        Assert.Equal(ApplyOutcome.AlreadyApplied, again.Outcome);
        Assert.Equal([$"GET {S}/version"], _fastly.Server.Lines(from));
        Assert.Equal(before, _fastly.Server.Snapshot());
    }
}
