namespace PortalRelease.Cli.Tests;

/// <summary>
/// Ctrl+C (SIGINT) and a CI system's cancel (SIGTERM) while <c>start --wait</c> waits: the documented 130 and 143,
/// one line saying so, and the release goes on.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class InterruptionTests(CliFixture portal)
{
    [Theory]
    [InlineData("INT", 130, "SIGINT")]
    [InlineData("TERM", 143, "SIGTERM")]
    public async Task ReleaseStartWait_SignalledWhileWaiting_ExitsWithTheSignalsCode(string signal, int expected, string name)
    {
        // manual-gate pauses for a person: the tool waits until the signal, never until an outcome.
        await using var tool = portal.StartTool("release", "start", "manual-gate", "--version", $"7.0.{expected}", "--wait", "--timeout", "10m");
        var started = await tool.LineAsync(l => l.StartsWith("release ", StringComparison.Ordinal) && l.Contains(" started: ", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
        var id = started.Split(' ')[1];
        try
        {
            // The link comes after the started line: once it is there the tool is following the release.
            await tool.LineAsync(l => l.Contains($"/releases/{id}", StringComparison.Ordinal), TimeSpan.FromMinutes(1));

            await tool.SignalAsync(signal);
            var run = await tool.ExitAsync(TimeSpan.FromSeconds(30));

            Assert.True(run.ExitCode == expected, run.ToString());
            Assert.Contains($"interrupted ({name})", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
            var release = await portal.GetReleaseAsync(id);
            Assert.False(release.IsFinal, $"the release went on without the tool: {release.State}");
        }
        finally
        {
            await portal.AbortAndSettleAsync(id);
        }
    }
}
