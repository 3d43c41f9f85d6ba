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
        // Longer than a CancellationTokenSource takes, and longer than a TimeSpan holds: parse errors, before any release.
        var longTimeout = await portal.PortalAsync("release", "start", "quick-canary", "--version", "1.0.0", "--wait", "--timeout", "720h");
        var hugeTimeout = await portal.PortalAsync("release", "start", "quick-canary", "--version", "1.0.0", "--wait", "--timeout", "99999999999999s");

        Assert.True(noVersion.ExitCode == 2, noVersion.ToString());
        Assert.Contains("--version", noVersion.Error);
        Assert.True(badParam.ExitCode == 2, badParam.ToString());
        Assert.Contains("--param takes NAME=VALUE; got 'region'", badParam.Error);
        Assert.True(badTimeout.ExitCode == 2, badTimeout.ToString());
        Assert.Contains("--timeout must be a duration", badTimeout.Error);
        Assert.True(longTimeout.ExitCode == 2, longTimeout.ToString());
        Assert.Contains("--timeout can be at most 7 days", longTimeout.Error);
        Assert.True(hugeTimeout.ExitCode == 2, hugeTimeout.ToString());
        Assert.Contains("--timeout must be a duration", hugeTimeout.Error);
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
        // Start without --wait and wait on the condition (paused for a person), so the short timeout below measures
        // only the wait on the pause, never a queue or a slow machine before it.
        string[] start = ["release", "start", "manual-gate", "--version", "4.0.4", "--idempotency-key", $"pause-{Guid.NewGuid():N}", "--output", "json"];
        var started = await portal.PortalAsync(start);
        Assert.True(started.ExitCode == 0, started.ToString());
        var id = Id(started);
        try
        {
            await portal.UntilAsync(id, (e, release) => e?.Type == "PauseStarted" || release.Paused || release.IsFinal);

            // The same key and request: the same release, now followed.
            var run = await portal.PortalAsync([.. start, "--wait", "--timeout", "2s"]);

            Assert.True(run.ExitCode == 12, run.ToString());
            Assert.Equal(id, Id(run));
            Assert.Contains("waiting for a person to resume the release", run.Error);
            Assert.Contains("timed out after 00:00:02: the release is still Deploying", run.Error);
        }
        finally
        {
            // The paused release holds both Sandbox targets: settle it so the other tests' releases are not queued behind it.
            await portal.AbortAndSettleAsync(id);
        }
    }

    [Fact]
    public async Task ReleaseEventsAndGet_ReasonWithControlCharacters_PrintsThemInert()
    {
        var started = await portal.PortalAsync("release", "start", "manual-gate", "--version", "4.0.5", "--output", "json");
        Assert.True(started.ExitCode == 0, started.ToString());
        var id = Id(started);
        // A newline would forge a CI log line (a GitHub workflow command); U+202E would make the rest read backwards.
        // (This portal refuses ESC and other C0 controls in a reason, so they cannot be sent here; newlines and bidi
        // overrides it keeps.)
        ProcessResult events, get;
        try
        {
            await portal.AbortAndSettleAsync(id, "x\n::stop-commands::t\u202e done");
            events = await portal.PortalAsync("release", "events", id);
            get = await portal.PortalAsync("release", "get", id);
        }
        finally
        {
            // Whatever failed above, no release of this test may hold the Sandbox targets for the next one.
            await portal.AbortAndSettleAsync(id);
        }

        Assert.True(events.ExitCode == 0, events.ToString());
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Contains(events.Lines, l => l.Contains("x\\u000a::stop-commands::t\\u202e done", StringComparison.Ordinal));
        foreach (var output in new[] { events.Output, get.Output })
        {
            Assert.DoesNotContain('\u202e', output);
            Assert.DoesNotContain(output.Split('\n'), l => l.StartsWith("::", StringComparison.Ordinal));
        }
    }

    private static string Id(ProcessResult run)
    {
        using var json = System.Text.Json.JsonDocument.Parse(run.Output);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private static int ClosedPort()
    {
        // A port that was free a moment ago and that nothing listens on now.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
