using System.Net.Sockets;
using System.Net;

namespace PortalRelease.Cli.Tests;

/// <summary><c>portal release start … --wait</c> as a pipeline runs it: the exit code is the outcome, the lines are the log.</summary>
[Collection(CliCollection.Name)]
public sealed class ReleaseStartTests(CliFixture portal)
{
    [Fact]
    public async Task ReleaseStartWait_HealthyVersion_ExitsZeroWithProgressLines()
    {
        var run = await portal.PortalAsync("release", "start", "quick-canary", "--version", "4.0.0", "--wait", "--timeout", "2m");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Lines;
        Assert.Matches(@"^release [0-9a-f]{12} started: quick-canary 4\.0\.0$", lines[0]);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/releases/[0-9a-f]{12}$", lines[1]);
        Assert.Contains("state: Proposed -> Validated: Every target, driver and metric source is available", lines);
        Assert.Contains("  sandbox-eu [#####...............]  25% canary 4.0.0".Trim(), lines);
        Assert.Contains(lines, l => l.StartsWith("analysis round 1 on sandbox-eu: Passed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("analysis verdict: Passed", StringComparison.Ordinal));
        Assert.Contains("sandbox-eu [####################] 100% stable 4.0.0", lines);
        Assert.Equal("Promoted: Version 4.0.0 is live on every target (exit 0)", lines[^1]);
        // Not a terminal: plain text, no colour codes or cursor movement.
        Assert.DoesNotContain('\u001b', run.Output);
    }

    [Fact]
    public async Task ReleaseStartWait_BadVersion_ExitsTenAfterTheRollback()
    {
        var run = await portal.PortalAsync("release", "start", "quick-canary", "--version", "4.0.1-bad", "--wait", "--timeout", "2m");

        Assert.True(run.ExitCode == 10, run.ToString());
        var lines = run.Lines;
        Assert.Contains(lines, l => l.StartsWith("analysis round 1 on sandbox-eu: Failed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("analysis verdict: Failed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("sandbox-eu: rolled back 4.0.1-bad to ", StringComparison.Ordinal));
        Assert.StartsWith("RolledBack: Rolled back automatically", lines[^1]);
        Assert.EndsWith("(exit 10)", lines[^1]);
    }

    [Fact]
    public async Task ReleaseStart_WrongParameters_ExitsTwoNamingEachField()
    {
        var run = await portal.PortalAsync("release", "start", "web-canary", "--version", "4.0.2", "--param", "region=mars", "--param", "bake=soon", "--param", "maxErrorRate=high");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("parameters.region: 'mars' is not one of the options: eu, us", run.Error);
        Assert.Contains("parameters.bake: expected a duration like 500ms, 30s, 5m or 1h30m, found 'soon'", run.Error);
        Assert.Contains("parameters.maxErrorRate:", run.Error);
        Assert.DoesNotContain("started", run.Output);
    }

    [Fact]
    public async Task ReleaseStart_MissingVersionOrMalformedParam_ExitsTwoBeforeCallingThePortal()
    {
        var noVersion = await portal.PortalAsync("release", "start", "quick-canary");
        var badParam = await portal.PortalAsync("release", "start", "quick-canary", "--version", "1.0.0", "--param", "region");
        var badTimeout = await portal.PortalAsync("release", "start", "quick-canary", "--version", "1.0.0", "--wait", "--timeout", "soon");

        Assert.True(noVersion.ExitCode == 2, noVersion.ToString());
        Assert.Contains("--version", noVersion.Error);
        Assert.True(badParam.ExitCode == 2, badParam.ToString());
        Assert.Contains("--param takes NAME=VALUE; got 'region'", badParam.Error);
        Assert.True(badTimeout.ExitCode == 2, badTimeout.ToString());
        Assert.Contains("--timeout must be a duration", badTimeout.Error);
    }

    [Fact]
    public async Task ReleaseStart_UnreachablePortal_ExitsThree()
    {
        var run = await portal.PortalAsync("release", "start", "quick-canary", "--version", "4.0.3", "--wait", "--url", $"http://127.0.0.1:{ClosedPort()}");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("cannot reach the portal at http://127.0.0.1:", run.Error);
    }

    [Fact]
    public async Task ReleaseStartWait_PausedUntilAPersonResumes_ExitsTwelveAtTheTimeout()
    {
        var run = await portal.PortalAsync("release", "start", "manual-gate", "--version", "4.0.4", "--wait", "--timeout", "3s", "--output", "json");
        try
        {
            Assert.True(run.ExitCode == 12, run.ToString());
            Assert.Contains("waiting for a person to resume the release", run.Error);
            Assert.Contains("timed out after 00:00:03: the release is still Deploying", run.Error);
        }
        finally
        {
            // The paused release holds both Sandbox targets: abort it so the other tests' releases are not queued behind it.
            using var json = System.Text.Json.JsonDocument.Parse(run.Output);
            using var abort = await portal.Http.PostAsync($"/api/releases/{json.RootElement.GetProperty("id").GetString()}/abort", null);
            Assert.Equal(HttpStatusCode.Accepted, abort.StatusCode);
        }
    }

    private static int ClosedPort()
    {
        // A port that was free a moment ago and that nothing listens on now.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
