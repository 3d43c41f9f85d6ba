using System.Net;
using System.Text.Json;
using PortalRelease.Client;
using PortalRelease.Contracts;

namespace PortalRelease.Cli.Tests;

/// <summary>
/// Following a release across a portal restart: the portal is killed while the watch follows a release and started
/// again on the same address and data; the watch connects again, resumes after its last sequence number and ends up
/// with every event once, in order — the client's <see cref="PortalClient.WatchAsync"/> and the installed
/// <c>portal release watch</c> alike.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class WatchRestartTests(CliFixture tool)
{
    [Fact]
    public async Task WatchAsync_PortalKilledAndRestartedMidRelease_YieldsEveryEventOnceInOrder()
    {
        using var home = new PortalHome();
        var (first, address) = await home.StartPortalAsync();
        await using var firstPortal = first;
        using var client = new PortalClient(address) { MaxRetryDelay = TimeSpan.FromSeconds(1) };
        // manual-gate waits for a person after its first step: a point to kill the portal at that does not depend on timing.
        var created = await client.CreateReleaseAsync(new CreateReleaseRequest("manual-gate", "7.0.0"));

        var seen = new List<ReleaseEvent>();
        Testing.PortalChild? second = null;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await foreach (var e in client.WatchAsync(created.Id, 0, cancel.Token))
            {
                seen.Add(e);
                if (e.Type == "PauseStarted" && second is null)
                {
                    await first.KillAsync();
                    (second, _) = await home.StartPortalAsync(address.Port);
                    await ResumeAsync(address, created.Id);
                }
                if (e.Type == "StateChanged" && e.Data.GetProperty("to").GetString() is { } to && ReleaseStates.IsFinal(to))
                {
                    break;
                }
            }
        }
        finally
        {
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }

        Assert.NotNull(second);
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => (long)i), seen.Select(e => e.Seq));
        Assert.Contains(seen, e => e.Type == "Resumed");
        Assert.Equal(ReleaseStates.Promoted, seen[^1].Data.GetProperty("to").GetString());
    }

    [Fact]
    public async Task ReleaseWatch_PortalKilledAndRestartedMidRelease_PrintsEveryEventOnceAndExitsZero()
    {
        using var home = new PortalHome();
        var (first, address) = await home.StartPortalAsync();
        await using var firstPortal = first;
        using var client = new PortalClient(address);
        var created = await client.CreateReleaseAsync(new CreateReleaseRequest("manual-gate", "7.1.0"));
        await using var watch = tool.StartToolAt(address, "release", "watch", created.Id, "--output", "json", "--timeout", "5m");
        Testing.PortalChild? second = null;
        try
        {
            // The gate's pause is on the tool's output: it has followed the release that far on the first portal.
            await watch.LineAsync(l => l.Contains("\"type\":\"PauseStarted\"", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
            await first.KillAsync();
            (second, _) = await home.StartPortalAsync(address.Port);
            await ResumeAsync(address, created.Id);
            var run = await watch.ExitAsync(TimeSpan.FromMinutes(3));

            Assert.True(run.ExitCode == 0, run.ToString());
            var events = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonSerializer.Deserialize<ReleaseEvent>(l, ContractJson.Options)!).ToList();
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
            Assert.Contains(events, e => e.Type == "Resumed");
            var settled = await client.GetReleaseAsync(created.Id);
            Assert.Equal(ReleaseStates.Promoted, settled.State);
            Assert.Equal(settled.LastSeq, events[^1].Seq);
        }
        finally
        {
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }

    private static async Task ResumeAsync(Uri address, string id)
    {
        using var http = new HttpClient { BaseAddress = address };
        using var resume = await http.PostAsync($"/api/releases/{id}/resume", null);
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
    }
}
