using System.Net;
using PortalRelease.Client;
using PortalRelease.Contracts;

namespace PortalRelease.Cli.Tests;

/// <summary>
/// <see cref="PortalClient.WatchAsync"/> across a portal restart: the portal is killed while the watch follows a
/// release and started again on the same address and data; the watch retries, resumes from its last sequence
/// number and ends up with every event once, in order.
/// </summary>
public sealed class WatchRestartTests
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
                    using var http = new HttpClient { BaseAddress = address };
                    using var resume = await http.PostAsync($"/api/releases/{created.Id}/resume", null);
                    Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
                }
                if (e.Type == "StateChanged" && e.Data.GetProperty("to").GetString() is ReleaseStates.Promoted or ReleaseStates.RolledBack or ReleaseStates.Aborted)
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
}
