using System.Text.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Cli.Tests;

/// <summary><c>portal target list|test</c> and <c>portal plugins</c> against the live portal's seeded Sandbox targets and plugin.</summary>
[Collection(CliCollection.Name)]
public sealed class TargetAndPluginTests(CliFixture portal)
{
    [Fact]
    public async Task TargetList_SeededSandboxTargets_ListedAsTextAndJson()
    {
        var text = await portal.PortalAsync("target", "list");
        var json = await portal.PortalAsync("target", "list", "-o", "json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Matches(@"^NAME\s+KIND\s+ENVIRONMENT\s+TEAM\s+DRIVER$", text.Lines[0]);
        Assert.Contains(text.Lines, l => l.StartsWith("sandbox-eu ", StringComparison.Ordinal) && l.Contains("sandbox", StringComparison.Ordinal));
        Assert.True(json.ExitCode == 0, json.ToString());
        var targets = JsonSerializer.Deserialize<List<TargetView>>(json.Output, ContractJson.Options)!;
        Assert.Contains(targets, t => t.Name == "sandbox-eu" && t.DriverLoaded);
        Assert.Contains(targets, t => t.Name == "sandbox-us" && t.DriverLoaded);
    }

    [Fact]
    public async Task TargetTest_HealthySandboxTarget_ExitsZero()
    {
        var text = await portal.PortalAsync("target", "test", "sandbox-eu");
        var json = await portal.PortalAsync("target", "test", "sandbox-eu", "-o", "json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Matches(@"^target sandbox-eu: (Healthy|Degraded) in \d+ ms$", text.Lines[0]);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.True(JsonSerializer.Deserialize<TargetTestResultView>(json.Output, ContractJson.Options)!.Ok);
    }

    [Fact]
    public async Task TargetTest_UnknownTarget_ExitsTwoWithThePortalsMessage()
    {
        var run = await portal.PortalAsync("target", "test", "nosuchtarget");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("There is no target named 'nosuchtarget'.", run.Error);
    }

    [Fact]
    public async Task TargetTest_TestRanAndFailed_ExitsFourWithTheDetailInert()
    {
        // The Sandbox driver is never unhealthy; a server answering as the portal does for a target that is.
        using var server = new RawServer((_, stream) => RawServer.JsonAsync(stream, "200 OK",
            """{"health":"Unhealthy","ok":false,"detail":"connection refused\n::error::forged","ready":false,"canaryWeight":0,"elapsedMs":12}"""));

        var run = await portal.PortalAsync("target", "test", "edge-eu", "--url", server.Url);

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Equal("target edge-eu: Unhealthy (test failed) in 12 ms", run.Lines[0]);
        Assert.Equal("connection refused\\u000a::error::forged", run.Lines[1]);
        Assert.Contains("POST /api/targets/edge-eu/test ", Assert.Single(server.Requests), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plugins_SandboxDeployed_ListedLoadedWithItsKinds()
    {
        var text = await portal.PortalAsync("plugins");
        var json = await portal.PortalAsync("plugins", "--output", "json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Matches(@"^ID\s+VERSION\s+STATUS\s+KINDS$", text.Lines[0]);
        Assert.True(json.ExitCode == 0, json.ToString());
        var plugins = JsonSerializer.Deserialize<List<PluginView>>(json.Output, ContractJson.Options)!;
        var sandbox = Assert.Single(plugins, p => p.Folder == "Sandbox");
        Assert.Equal("Loaded", sandbox.Status);
        Assert.Contains("sandbox", sandbox.TargetKinds);
        Assert.Contains(text.Lines, l => l.StartsWith(sandbox.Id + " ", StringComparison.Ordinal) && l.Contains("Loaded", StringComparison.Ordinal));
    }
}
