using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Contracts;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Data;

namespace PortalRelease.Portal.Tests.Live;

/// <summary>
/// Two portals on one PostgreSQL database: a SignalR client on node B sees the events of a release node A drives, and a
/// command given on B reaches A's runner without waiting for the lease keeper's poll.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterEventFollowerTests(PostgresServer server)
{
    // The lease keeper's poll (which also wakes runners whose releases got events elsewhere) is made slow, so only the
    // journal notifications can deliver events and commands between the nodes within the tests' deadlines.
    private static readonly TimeSpan SlowPoll = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task HubOnNodeB_ReleaseDrivenOnNodeA_StreamsEveryEventOnceInOrderAndCatchesUp()
    {
        var database = await server.CreateDatabaseAsync();
        await using var a = new TestPortal(Settings(database, "node-a"));
        await using var b = new TestPortal(Settings(database, "node-b"));
        await using var hub = await ConnectAsync(b);

        var id = await a.Client.CreateReleaseAsync("manual-gate", "2.0.0");
        await Poll.UntilAsync(() => Task.FromResult(a.Services.GetRequiredService<ReleaseEngine>().KnownSeqs().ContainsKey(id)), "node A to drive the release");

        // Live from the start until the release waits in its pause: these events are all written by node A.
        var first = await StreamAsync(hub, id, 0, e => e.Type == "PauseStarted");
        Assert.Equal(Enumerable.Range(1, first.Count).Select(i => (long)i), first.Select(e => e.Seq));

        // The client "reconnects" mid-way: it asks again after a sequence number it saw and gets the rest, no repeat.
        var resumeAt = first.Count / 2;
        using (var resumed = await a.Http.PostAsync($"/api/releases/{id}/resume", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        }
        var rest = await StreamAsync(hub, id, resumeAt, e => e.Type == "StateChanged" && e.Data.GetProperty("to").GetString() == "Promoted");

        Assert.Equal(Enumerable.Range(resumeAt + 1, rest.Count).Select(i => (long)i), rest.Select(e => e.Seq));
        var journal = await a.Client.GetEventsAsync(id);
        Assert.Equal(journal.Where(e => e.Seq > resumeAt && e.Seq <= rest[^1].Seq).Select(e => (e.Seq, e.Type)), rest.Select(e => (e.Seq, e.Type)));
        await server.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task ResumeOnNodeB_ReleaseDrivenOnNodeA_WakesARunnerBeforeTheLeasePoll()
    {
        var database = await server.CreateDatabaseAsync();
        await using var a = new TestPortal(Settings(database, "node-a"));
        await using var b = new TestPortal(Settings(database, "node-b"));
        var id = await a.Client.CreateReleaseAsync("manual-gate", "2.0.1");
        await a.Client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "PauseStarted"), "the pause to start");
        Assert.True(a.Services.GetRequiredService<ReleaseEngine>().KnownSeqs().ContainsKey(id), "node A does not drive the release");

        var clock = Stopwatch.StartNew();
        using (var resumed = await b.Http.PostAsync($"/api/releases/{id}/resume", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        }

        // The runner answers the resume with steps of its own after it (the telemetry sampler's MetricsSampled goes on
        // regardless, so it proves nothing); the lease keeper's poll would take up to 20 s.
        var events = await a.Client.WaitForEventsAsync(
            id, es => es.SkipWhile(e => e.Type != "Resumed").Skip(1).Any(e => e.Actor == "engine" && e.Type != "MetricsSampled"),
            "node A's runner to act on the resume", TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed < SlowPoll / 2, $"the runner woke after {clock.Elapsed}");
        Assert.Contains(events, e => e.Type == "Resumed");
        await server.DropDatabaseAsync(database);
    }

    private Dictionary<string, string> Settings(string database, string node) => new(server.PortalSettings(database))
    {
        ["Portal:Cluster:NodeId"] = node,
        ["Portal:Cluster:LeaseTime"] = "00:01:30",
        ["Portal:Cluster:PollInterval"] = SlowPoll.ToString(),
    };

    private static async Task<HubConnection> ConnectAsync(TestPortal portal)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(portal.Server.BaseAddress, "/hubs/releases"), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => portal.Server.CreateHandler();
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    private static async Task<List<ReleaseEvent>> StreamAsync(HubConnection hub, string id, long afterSeq, Func<ReleaseEvent, bool> last)
    {
        var events = new List<ReleaseEvent>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await foreach (var e in hub.StreamAsync<ReleaseEvent>("Events", id, afterSeq, cancel.Token))
            {
                events.Add(e);
                if (last(e))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The stream of {id} after {afterSeq} on node B stopped at {string.Join(", ", events.Select(e => $"#{e.Seq} {e.Type}"))}.");
        }
        return events;
    }
}
