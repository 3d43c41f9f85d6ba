using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace PortalRelease.Portal.Tests.Cluster;

/// <summary>
/// A SignalR client on one node streaming every release's events from its first one, as a browser watching the releases
/// would: what it receives is compared with the journal, so an event another node wrote that never reached this node's
/// live stream shows as missing, and one received twice as a repeat.
/// </summary>
internal sealed class HubWatcher : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<long>> _received = new(StringComparer.Ordinal);
    private readonly List<Task> _streams = [];
    private readonly CancellationTokenSource _stop = new();

    private HubWatcher(HubConnection connection) => _connection = connection;

    public static async Task<HubWatcher> StartAsync(Uri node)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(node, "/hubs/releases")).Build();
        await connection.StartAsync();
        return new HubWatcher(connection);
    }

    public void Watch(string releaseId)
    {
        var seqs = _received.GetOrAdd(releaseId, _ => new ConcurrentQueue<long>());
        _streams.Add(Task.Run(async () =>
        {
            await foreach (var e in _connection.StreamAsync<JsonElement>("Events", releaseId, 0L, _stop.Token))
            {
                seqs.Enqueue(e.GetProperty("seq").GetInt64());
            }
        }));
    }

    /// <summary>Per release, the sequence numbers received, in the order they arrived.</summary>
    public IReadOnlyList<long> Received(string releaseId) => _received.TryGetValue(releaseId, out var seqs) ? [.. seqs] : [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
