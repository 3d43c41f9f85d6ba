using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using PortalRelease.Contracts;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Live;

public sealed class ReleasesHubTests : IAsyncLifetime
{
    private static readonly string[] FinalStates = ["Promoted", "RolledBack", "Aborted"];

    private TestPortal _portal = null!;
    private HubConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _portal = new TestPortal();
        var server = _portal.Server;
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/releases"), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
            })
            .Build();
        await _connection.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _portal.DisposeAsync();
    }

    [Fact]
    public async Task Events_FromZero_StreamsEveryEventInOrderToTheFinalState()
    {
        var id = await _portal.Client.CreateReleaseAsync("quick-canary", "1.2.3");

        var streamed = await StreamUntilFinalAsync(id, 0);

        Assert.Equal(Enumerable.Range(1, streamed.Count).Select(i => (long)i), streamed.Select(e => e.Seq));
        Assert.All(streamed, e => Assert.Equal(id, e.ReleaseId));
        Assert.Equal("ReleaseCreated", streamed[0].Type);
        Assert.Equal("Promoted", streamed[^1].Data.GetProperty("to").GetString());
        var journal = await _portal.Client.GetEventsAsync(id, after: 0);
        Assert.Equal(
            journal.Where(e => e.Seq <= streamed[^1].Seq).Select(e => (e.Seq, e.Type)),
            streamed.Select(e => (e.Seq, e.Type)));
    }

    [Fact]
    public async Task Events_AfterSeq_CatchesUpFromTheNextEvent()
    {
        var id = await _portal.Client.CreateReleaseAsync("quick-canary", "1.2.4");
        await _portal.Client.WaitForStateAsync(id, "Promoted");
        var journal = await _portal.Client.GetEventsAsync(id);
        var k = journal.Count / 2;

        var streamed = await StreamUntilFinalAsync(id, k);

        Assert.Equal(k + 1, streamed[0].Seq);
        Assert.Equal(journal.Where(e => e.Seq > k && e.Seq <= streamed[^1].Seq).Select(e => e.Seq), streamed.Select(e => e.Seq));
    }

    [Fact]
    public async Task Events_WhileRunning_ResumingFromLastSeenMissesNothing()
    {
        var id = await _portal.Client.CreateReleaseAsync("manual-gate", "1.2.5");
        var first = new List<ReleaseEvent>();
        using (var cancel = new CancellationTokenSource(Poll.DefaultTimeout))
        {
            await foreach (var e in _connection.StreamAsync<ReleaseEvent>("Events", id, 0L, cancel.Token))
            {
                first.Add(e);
                if (e.Type == "PauseStarted")
                {
                    break;
                }
            }
        }
        var resumed = await _portal.Http.PostAsync($"/api/releases/{id}/resume", null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, resumed.StatusCode);

        var rest = await StreamUntilFinalAsync(id, first[^1].Seq);

        var all = first.Concat(rest).ToList();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Seq));
        Assert.Contains(rest, e => e.Type == "Resumed");
    }

    [Fact]
    public async Task Events_UnknownRelease_EndsWithAHubErrorSayingSo()
    {
        using var cancel = new CancellationTokenSource(Poll.DefaultTimeout);

        var error = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var e in _connection.StreamAsync<ReleaseEvent>("Events", "no-such-release", 0L, cancel.Token))
            {
                Assert.Fail($"An unknown release streamed {e.Type}.");
            }
        });

        Assert.Contains("no-such-release", error.Message, StringComparison.Ordinal);
        Assert.False(cancel.IsCancellationRequested, "The stream did not end by itself: it was cancelled at the deadline.");
    }

    private async Task<List<ReleaseEvent>> StreamUntilFinalAsync(string id, long afterSeq)
    {
        var events = new List<ReleaseEvent>();
        using var cancel = new CancellationTokenSource(Poll.DefaultTimeout);
        try
        {
            await foreach (var e in _connection.StreamAsync<ReleaseEvent>("Events", id, afterSeq, cancel.Token))
            {
                events.Add(e);
                if (e.Type == "StateChanged" && FinalStates.Contains(e.Data.GetProperty("to").GetString()))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The stream of {id} after {afterSeq} did not reach a final state; got {string.Join(", ", events.Select(e => $"#{e.Seq} {e.Type}"))}.");
        }
        Assert.NotEmpty(events);
        return events;
    }
}
