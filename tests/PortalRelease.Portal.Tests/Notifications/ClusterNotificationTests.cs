using System.Text.Json;
using Npgsql;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Data;
using PortalRelease.Portal.Tests.Releases;

namespace PortalRelease.Portal.Tests.Notifications;

/// <summary>
/// Notifications from several portal nodes on one PostgreSQL database to one loopback receiver: every delivery is sent
/// by one node, and one whose node died mid-send is sent once more, with the same delivery id, by another.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterNotificationTests(PostgresServer server) : IAsyncLifetime
{
    private const string Secret = "cluster-webhook-key-0123456789abcdef";
    private const string Hook = "/hook";

    private readonly string _secretVariable = "PORTAL_TEST_CLUSTER_HOOK_" + Guid.NewGuid().ToString("N");
    private WebhookReceiver _receiver = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(_secretVariable, Secret);
        _receiver = await WebhookReceiver.StartAsync();
        _database = await server.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Environment.SetEnvironmentVariable(_secretVariable, null);
        await server.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task Deliveries_TwoNodesOnOnePostgres_EachReachesTheReceiverOnce()
    {
        // A receiver that takes a moment per request, as real ones do: the two nodes' senders overlap.
        _receiver.AnswerDelay = TimeSpan.FromMilliseconds(150);
        await using var a = new NotificationsPortal(Settings("node-a"));
        await using var b = new NotificationsPortal(Settings("node-b"));

        var releases = new List<(string Id, NotificationsPortal On)>();
        for (var i = 0; i < 4; i++)
        {
            var on = i % 2 == 0 ? a : b;
            releases.Add((await on.Client.CreateReleaseAsync("quick-canary", $"3.{i}.0"), on));
        }
        var deliveries = new List<JsonElement>();
        foreach (var (id, on) in releases)
        {
            await on.Client.WaitForStateAsync(id, "Promoted", TimeSpan.FromSeconds(120));
            var changes = (await on.Client.GetEventsAsync(id)).Count(e => e.Type == "StateChanged");
            deliveries.AddRange(await DeliveriesApi.WaitAsync(
                a.Http, id, d => d.Length == changes && d.All(x => x.Status() == "Delivered"), $"every state change of {id} delivered"));
        }

        var received = _receiver.At(Hook).GroupBy(r => r.Header("X-Portal-Delivery")).ToDictionary(g => g.Key ?? "", g => g.Count());
        var sentTwice = received.Where(r => r.Value > 1).Select(r => $"delivery {r.Key} ×{r.Value}").ToList();
        Assert.True(sentTwice.Count == 0, "sent more than once: " + string.Join(", ", sentTwice));
        Assert.Equal(deliveries.Select(d => d.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), received.Keys.Order());
        Assert.All(deliveries, d => Assert.Equal(1, d.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task Delivery_NodeKilledMidSend_IsSentOnceMoreWithTheSameIdByAnotherNodeOnlyAfterTheClaimRanOut()
    {
        using var home = new TempPortalHome();
        _receiver.HoldNext(Hook);
        await using var a = await PortalProcess.StartAsync(home, ProcessSettings("node-a"));
        var id = await a.Client.CreateReleaseAsync("quick-canary", "4.0.0");
        var held = await Poll.UntilAsync(() => Task.FromResult(_receiver.At(Hook) is [var first] ? first : null), "node A to send the first delivery");
        var delivery = long.Parse(held.Header("X-Portal-Delivery")!, System.Globalization.CultureInfo.InvariantCulture);
        var claimed = await ClaimAsync(delivery);
        Assert.Equal("node-a", claimed.Node);

        // Node B joins while node A still waits for the receiver's answer: A renews its claim, and B must not send.
        await using var b = new NotificationsPortal(Settings("node-b", lease: "00:00:04"), home);
        await Poll.UntilAsync(
            async () => await ClaimAsync(delivery) is var now && now.Node == "node-a" && now.DatabaseNow > claimed.Until + 1_000,
            "node A's claim to outlive its first expiry while node B polls", TimeSpan.FromSeconds(30));
        Assert.Single(_receiver.At(Hook), r => r.Header("X-Portal-Delivery") == held.Header("X-Portal-Delivery"));

        await a.KillAsync();
        var lastClaim = await ClaimAsync(delivery);
        var again = await Poll.UntilAsync(
            () => Task.FromResult(_receiver.At(Hook).Skip(1).FirstOrDefault(r => r.Header("X-Portal-Delivery") == held.Header("X-Portal-Delivery"))),
            "node B to send the delivery of the killed node", TimeSpan.FromSeconds(30));
        Assert.Equal(held.Body, again.Body);
        Assert.True(again.At.ToUnixTimeMilliseconds() >= lastClaim.Until - 50, $"sent again at {again.At:O}, before node A's claim ran out at {DateTimeOffset.FromUnixTimeMilliseconds(lastClaim.Until):O}");

        var sent = await DeliveriesApi.WaitAsync(b.Http, id, d => d.Any(x => x.GetProperty("id").GetInt64() == delivery && x.Status() == "Delivered"), "the delivery done by node B");
        var done = sent.Single(x => x.GetProperty("id").GetInt64() == delivery);
        // Node A never recorded its attempt (it died waiting for the answer): B's is the first.
        Assert.Equal(1, done.GetProperty("attempts").GetInt32());
        Assert.Equal("node-b", (await ClaimAsync(delivery)).Node);
        Assert.Equal(2, _receiver.At(Hook).Count(r => r.Header("X-Portal-Delivery") == held.Header("X-Portal-Delivery")));
        var repeated = _receiver.At(Hook).GroupBy(r => r.Header("X-Portal-Delivery")).Where(g => g.Key != held.Header("X-Portal-Delivery") && g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(repeated);
    }

    private async Task<(string? Node, long Until, long DatabaseNow)> ClaimAsync(long delivery)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor(_database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT claimed_by, claimed_until, CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT) FROM notification_deliveries WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", delivery);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"delivery {delivery} not found");
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private Dictionary<string, string?> Settings(string node, string lease = "00:00:15")
    {
        var settings = NotificationsPortal.Settings(("cluster-hook", _receiver.Url(Hook), "generic", _secretVariable, []));
        foreach (var (key, value) in server.PortalSettings(_database))
        {
            settings[key] = value;
        }
        settings["Portal:Cluster:NodeId"] = node;
        settings["Portal:Cluster:LeaseTime"] = lease;
        settings["Portal:SeedDemoHistory"] = "false";
        return settings;
    }

    /// <summary>Node A as a real process: it waits minutes for an answer, so only its death ends its attempt.</summary>
    private Dictionary<string, string> ProcessSettings(string node)
    {
        var settings = Settings(node, lease: "00:00:04")
            .Where(s => s.Value is not null)
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        settings["Portal__Notifications__AttemptTimeout"] = "00:05:00";
        settings[_secretVariable] = Secret;
        return settings;
    }
}
