using PortalRelease.Plugins.Cdn.Tests.Fake;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Cdn.Tests;

/// <summary>The exact requests of establishing a stable origin and setting canary weights, against the fake Fastly API.</summary>
public sealed class CanaryTests : IAsyncLifetime
{
    public const string S = "/service/" + FakeFastly.ServiceId;

    private FastlyHarness _fastly = null!;

    public async Task InitializeAsync() => _fastly = await FastlyHarness.StartAsync();

    public async Task DisposeAsync() => await _fastly.DisposeAsync();

    [Fact]
    public async Task Apply_StableOnAServiceThePortalNeverChanged_ClonesAddsBackendAndSnippetsValidatesAndActivates()
    {
        var result = await _fastly.ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal(
        [
            $"GET {S}/version",
            $"PUT {S}/version/1/clone",
            $"PUT {S}/version/2",
            $"GET {S}/version/2/backend",
            $"POST {S}/version/2/backend",
            $"GET {S}/version/2/snippet",
            $"POST {S}/version/2/snippet",
            $"POST {S}/version/2/snippet",
            $"GET {S}/version/2/validate",
            $"PUT {S}/version/2/activate",
        ], _fastly.Server.Lines());
        Assert.All(_fastly.Server.Requests, r => Assert.Equal(FakeFastly.Token, r.FastlyKey));

        var backend = _fastly.Server.Requests.Single(r => r.Line == $"POST {S}/version/2/backend").Form;
        Assert.Equal(new Dictionary<string, string>
        {
            ["name"] = "portalrelease_stable",
            ["address"] = "app-1.0.0.origin.example.com",
            ["port"] = "443",
            ["override_host"] = "app-1.0.0.origin.example.com",
            ["auto_loadbalance"] = "false",
            ["use_ssl"] = "true",
            ["ssl_cert_hostname"] = "app-1.0.0.origin.example.com",
            ["ssl_sni_hostname"] = "app-1.0.0.origin.example.com",
        }, backend);
        var snippets = _fastly.Server.Requests.Where(r => r.Line == $"POST {S}/version/2/snippet").Select(r => r.Form).ToList();
        Assert.Equal(["portalrelease_routing", "portalrelease_cache_key"], snippets.Select(f => f["name"]));
        Assert.Equal(["recv", "hash"], snippets.Select(f => f["type"]));
        Assert.All(snippets, f => Assert.Equal(("0", "100"), (f["dynamic"], f["priority"])));
        Assert.Equal(
            "# Managed by PortalRelease: replaced by every release step.\n"
            + "set req.backend = F_portalrelease_stable;\n"
            + "set req.http.Portal-Release-Origin = \"1.0.0\";\n", snippets[0]["content"]);
        Assert.Equal(
            "# Managed by PortalRelease: objects from different origin versions are cached apart.\n"
            + "set req.hash += req.http.Portal-Release-Origin;\n", snippets[1]["content"]);

        var active = _fastly.Server.ActiveVersion;
        Assert.Equal(2, active.Number);
        Assert.StartsWith("PortalRelease rel-42: stable 1.0.0 at 100% [portalrelease:{", active.Comment, StringComparison.Ordinal);
        Assert.Contains("\"key\":\"k-stable\"", active.Comment, StringComparison.Ordinal);
        Assert.Contains("\"previous\":1", active.Comment, StringComparison.Ordinal);
        // The operator's own backend stays: the portal only adds its own.
        Assert.Contains(FakeFastly.InitialBackend, active.Backends.Keys);
    }

    [Fact]
    public async Task Apply_CanaryWeight_ClonesTheActiveVersionAddsTheCanaryBackendAndRewritesOnlyTheRoutingSnippet()
    {
        await _fastly.ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100);
        var from = _fastly.Server.Requests.Count;

        var result = await _fastly.ApplyAsync("k-canary-10", "1.1.0", Cohorts.Canary, 10);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal(
        [
            $"GET {S}/version",
            $"PUT {S}/version/2/clone",
            $"PUT {S}/version/3",
            $"GET {S}/version/3/backend",
            $"POST {S}/version/3/backend",
            $"GET {S}/version/3/snippet",
            $"PUT {S}/version/3/snippet/portalrelease_routing",
            $"GET {S}/version/3/validate",
            $"PUT {S}/version/3/activate",
        ], _fastly.Server.Lines(from));
        var routing = _fastly.Server.Requests.Single(r => r.Line == $"PUT {S}/version/3/snippet/portalrelease_routing").Form["content"];
        Assert.Equal(
            "# Managed by PortalRelease: replaced by every release step.\n"
            + "if (randombool_seeded(10, 100, std.strtol(substr(digest.hash_sha256(req.http.Fastly-Client-IP), 0, 8), 16))) {\n"
            + "  set req.backend = F_portalrelease_canary;\n"
            + "  set req.http.Portal-Release-Origin = \"1.1.0\";\n"
            + "} else {\n"
            + "  set req.backend = F_portalrelease_stable;\n"
            + "  set req.http.Portal-Release-Origin = \"1.0.0\";\n"
            + "}\n", routing);
        Assert.Equal("app-1.1.0.origin.example.com", _fastly.Server.Version(3).Backends["portalrelease_canary"]["address"]);
        Assert.Contains("Activated version 3", result.Detail, StringComparison.Ordinal);

        var status = await _fastly.StatusAsync();
        Assert.Equal(("1.0.0", "1.1.0", 10, true, TargetHealth.Healthy), (status.StableVersion, status.CanaryVersion, status.CanaryWeight, status.Ready, status.Health));
    }

    [Fact]
    public async Task Apply_ASecondWeight_ChangesOnlyTheRoutingSnippet()
    {
        await _fastly.ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100);
        await _fastly.ApplyAsync("k-canary-10", "1.1.0", Cohorts.Canary, 10);
        var from = _fastly.Server.Requests.Count;

        await _fastly.ApplyAsync("k-canary-50", "1.1.0", Cohorts.Canary, 50);

        Assert.Equal(
        [
            $"GET {S}/version",
            $"PUT {S}/version/3/clone",
            $"PUT {S}/version/4",
            $"GET {S}/version/4/backend",
            $"GET {S}/version/4/snippet",
            $"PUT {S}/version/4/snippet/portalrelease_routing",
            $"GET {S}/version/4/validate",
            $"PUT {S}/version/4/activate",
        ], _fastly.Server.Lines(from));
        Assert.Contains("randombool_seeded(50, 100,", _fastly.Server.Version(4).Snippets["portalrelease_routing"]["content"], StringComparison.Ordinal);
        Assert.Equal(50, (await _fastly.StatusAsync()).CanaryWeight);
    }

    [Fact]
    public async Task Apply_WithStageFirst_ActivatesOnStagingBeforeProduction()
    {
        var target = _fastly.Target(s => s["stageFirst"] = true);
        await _fastly.ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100, target);
        var from = _fastly.Server.Requests.Count;

        var result = await _fastly.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 5, target);

        Assert.Equal(
        [
            $"GET {S}/version/3/validate",
            $"PUT {S}/version/3/activate/staging",
            $"PUT {S}/version/3/activate",
        ], _fastly.Server.Lines(from).TakeLast(3));
        Assert.Equal(3, _fastly.Server.StagedVersion);
        Assert.Contains("after staging it", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_TheSameKeyAgain_ReadsTheVersionCommentsAndChangesNothing()
    {
        await _fastly.ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100);
        await _fastly.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);
        var before = _fastly.Server.Snapshot();
        var from = _fastly.Server.Requests.Count;

        var again = await _fastly.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);
        var earlier = await _fastly.ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100);

        Assert.Equal(ApplyOutcome.AlreadyApplied, again.Outcome);
        Assert.Contains("version 3", again.Detail, StringComparison.Ordinal);
        Assert.Equal(ApplyOutcome.AlreadyApplied, earlier.Outcome);
        Assert.Contains("version 3 is active now", earlier.Detail, StringComparison.Ordinal);
        Assert.Equal([$"GET {S}/version", $"GET {S}/version"], _fastly.Server.Lines(from));
        Assert.Equal(before, _fastly.Server.Snapshot());
    }

    [Theory]
    [InlineData(DeploymentStrategy.BlueGreen, "stable", 100)]
    [InlineData(DeploymentStrategy.Rolling, "stable", 50)]
    [InlineData(DeploymentStrategy.Canary, "stable", 50)]
    [InlineData(DeploymentStrategy.AllAtOnce, "canary", 10)]
    [InlineData(DeploymentStrategy.Canary, "mirror", 10)]
    public async Task Apply_AStrategyOrCohortFastlyCannotServe_IsRefusedBeforeAnyRequest(DeploymentStrategy strategy, string cohort, int weight)
    {
        var error = await Assert.ThrowsAnyAsync<DriverException>(() => _fastly.Driver.ApplyAsync(
            _fastly.Target(),
            new ApplyRequest { ReleaseId = "r", Version = "1.1.0", Cohort = cohort, Weight = weight, IdempotencyKey = "k", Strategy = strategy },
            CancellationToken.None));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Empty(_fastly.Server.Requests);
    }

    [Fact]
    public async Task Apply_AllAtOnce_MovesStableToTheNewOrigin()
    {
        var result = await _fastly.Driver.ApplyAsync(
            _fastly.Target(),
            new ApplyRequest { ReleaseId = "r", Version = "2.0.0", Cohort = Cohorts.Stable, Weight = 100, IdempotencyKey = "k", Strategy = DeploymentStrategy.AllAtOnce },
            CancellationToken.None);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal("app-2.0.0.origin.example.com", _fastly.Server.ActiveVersion.Backends["portalrelease_stable"]["address"]);
    }

    [Fact]
    public async Task Apply_AVersionThatCannotNameAHost_IsRefusedBeforeAnyRequest()
    {
        var error = await Assert.ThrowsAnyAsync<DriverException>(() => _fastly.ApplyAsync("k", "1.0.0\"; set req.backend = F_evil; #", Cohorts.Canary, 10));

        Assert.Contains("not a valid host name", error.Message, StringComparison.Ordinal);
        Assert.Empty(_fastly.Server.Requests);
    }
}
