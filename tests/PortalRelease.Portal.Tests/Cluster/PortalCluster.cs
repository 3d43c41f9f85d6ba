using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Data;
using PortalRelease.Portal.Tests.Releases;

using PortalRelease.Contracts;

namespace PortalRelease.Portal.Tests.Cluster;

/// <summary>One journal row as the database holds it; <see cref="Id"/> is the commit order across all releases.</summary>
internal sealed record JournalRow(long Id, string ReleaseId, ReleaseEvent Event);

/// <summary>One lease row: which node drives a release under which fencing epoch.</summary>
internal sealed record LeaseRow(string ReleaseId, string? NodeId, long Epoch);

/// <summary>A release the cluster test created, and the state its version must settle in.</summary>
internal sealed record ClusterRelease(string Id, string Version, string Template, string Expected);

/// <summary>
/// Three real portal processes (<see cref="PortalProcess"/>) on free loopback ports, one PostgreSQL database, short
/// leases. Each release deploys to two of <see cref="TargetCount"/> Sandbox targets in a ring, so neighbouring
/// releases queue behind each other and target locks are decided across nodes.
/// </summary>
internal sealed class PortalCluster : IAsyncDisposable
{
    public const int NodeCount = 3;
    public const int TargetCount = 6;

    /// <summary>Short, so a test waits seconds for a take-over; renewal every third of it still leaves slack under load.</summary>
    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(4);

    private readonly PostgresServer _server;
    private readonly PortalProcess?[] _nodes = new PortalProcess?[NodeCount];

    private PortalCluster(PostgresServer server, string database)
    {
        _server = server;
        Database = database;
    }

    public string Database { get; }

    /// <summary>
    /// A home (data and plugins folders) per node, as on three machines: nothing the nodes share goes through a folder.
    /// The Sandbox keeps its ledger in the plugin state store the portal gives it, in PostgreSQL.
    /// </summary>
    private readonly TempPortalHome[] _homes = [.. Enumerable.Range(0, NodeCount).Select(_ => new TempPortalHome())];

    public static string NodeId(int node) => "node-" + (char)('a' + node);

    public static string Target(int index) => $"cluster-{index % TargetCount}";

    public PortalProcess Node(int node) => _nodes[node] ?? throw new InvalidOperationException($"{NodeId(node)} is not running.");

    /// <summary>
    /// Starts the first node alone (it migrates and seeds), then the other two, and creates the ring of targets and
    /// one template per neighbouring pair.
    /// </summary>
    public static async Task<PortalCluster> StartAsync(PostgresServer server)
    {
        var cluster = new PortalCluster(server, await server.CreateDatabaseAsync());
        try
        {
            await cluster.StartNodeAsync(0);
            await Task.WhenAll(cluster.StartNodeAsync(1), cluster.StartNodeAsync(2));
            var first = cluster.Node(0);
            var settings = JsonDocument.Parse(PortalRelease.Portal.Templates.SampleSeeder.SandboxSettings).RootElement;
            for (var i = 0; i < TargetCount; i++)
            {
                using var response = await first.Http.PostAsJsonAsync("/api/targets", new { name = Target(i), kind = "sandbox", settings, environment = PortalRelease.Portal.Templates.SampleSeeder.SandboxEnvironment });
                Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating {Target(i)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            for (var i = 0; i < TargetCount; i++)
            {
                await first.Client.ImportTemplateAsync(Template(i));
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task StartNodeAsync(int node)
    {
        Assert.Null(_nodes[node]);
        // The process reads its settings from the environment, where a section is separated by "__".
        var environment = _server.PortalSettings(Database).ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value);
        environment["Portal__Cluster__NodeId"] = NodeId(node);
        environment["Portal__Cluster__LeaseTime"] = LeaseTime.ToString("c", CultureInfo.InvariantCulture);
        environment["Portal__Cluster__PollInterval"] = "00:00:00.300";
        _nodes[node] = await PortalProcess.StartAsync(_homes[node], environment);
    }

    /// <summary>SIGKILL: the node vanishes holding its leases.</summary>
    public async Task KillNodeAsync(int node)
    {
        await Node(node).KillAsync();
        await Node(node).DisposeAsync();
        _nodes[node] = null;
    }

    /// <summary>SIGTERM and wait: the node hands its leases back as it goes.</summary>
    public async Task StopNodeAsync(int node)
    {
        await Node(node).StopAsync(TimeSpan.FromSeconds(30));
        await Node(node).DisposeAsync();
        _nodes[node] = null;
    }

    /// <summary>Any running node's client: every node answers for every release.</summary>
    public TestClient AnyClient() => _nodes.First(n => n is not null)!.Client;

    /// <summary>
    /// <paramref name="count"/> releases created round-robin through the three nodes over HTTP, each on the next
    /// template of the ring; every fourth version is <c>-bad</c> (the Sandbox fails it, so it must roll back).
    /// </summary>
    public async Task<IReadOnlyList<ClusterRelease>> CreateReleasesAsync(int count)
    {
        var releases = new List<ClusterRelease>();
        for (var i = 0; i < count; i++)
        {
            var bad = i % 4 == 3;
            var version = bad ? $"1.0.{i}-bad" : $"1.0.{i}";
            var template = TemplateName(i);
            var id = await Node(i % NodeCount).Client.CreateReleaseAsync(template, version);
            releases.Add(new ClusterRelease(id, version, template, bad ? "RolledBack" : "Promoted"));
        }
        return releases;
    }

    /// <summary>The whole journal in commit order, straight from the database.</summary>
    public async Task<IReadOnlyList<JournalRow>> ReadJournalAsync()
    {
        await using var connection = new NpgsqlConnection(_server.ConnectionStringFor(Database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, release_id, seq, type, actor, data FROM journal ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<JournalRow>();
        while (await reader.ReadAsync())
        {
            using var data = JsonDocument.Parse(reader.GetString(5));
            rows.Add(new JournalRow(reader.GetInt64(0), reader.GetString(1), new ReleaseEvent(reader.GetString(1), reader.GetInt64(2), default, reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), data.RootElement.Clone(), null)));
        }
        return rows;
    }

    /// <summary>A target's Sandbox ledger as every node appended to it, from the plugin state store in the database.</summary>
    public async Task<IReadOnlyList<LedgerLine>> ReadLedgerAsync(string target)
    {
        await using var connection = new NpgsqlConnection(_server.ConnectionStringFor(Database));
        await connection.OpenAsync();
        return [.. SandboxLedgerRows.Read(connection, target).Select(e => new LedgerLine(
            e.GetProperty("key").GetString()!, e.GetProperty("action").GetString()!, e.GetProperty("releaseId").GetString()!, e.GetProperty("outcome").GetString()!))];
    }

    public async Task<IReadOnlyList<LeaseRow>> ReadLeasesAsync()
    {
        await using var connection = new NpgsqlConnection(_server.ConnectionStringFor(Database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT release_id, node_id, epoch FROM release_leases", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<LeaseRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new LeaseRow(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2)));
        }
        return rows;
    }

    /// <summary>
    /// Waits until <paramref name="node"/> drives at least one release that has deployed something and not settled:
    /// the moment to kill, freeze or stop it. Returns those releases. With <paramref name="orAllSettled"/> (a rolling
    /// restart, which restarts every node whatever it drives), an empty list once all of those have settled, or once
    /// <paramref name="orAfter"/> has passed with nothing of that node's to interrupt: the node may hold only releases
    /// still waiting for their targets, and an operator's rolling upgrade would not wait for it either.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitUntilMidRolloutAsync(int node, IReadOnlyList<ClusterRelease>? orAllSettled = null, TimeSpan? orAfter = null)
    {
        List<string> driven = [];
        var unsettled = "";
        var waited = System.Diagnostics.Stopwatch.StartNew();
        return await Poll.UntilAsync(
            async () =>
            {
                var journal = await ReadJournalAsync();
                var leases = await ReadLeasesAsync();
                driven = leases.Where(l => l.NodeId == NodeId(node)).Select(l => l.ReleaseId)
                    .Where(id => journal.Any(r => r.ReleaseId == id && r.Event.Type == "ActionDone") && !ClusterChecks.Settled(journal, id))
                    .ToList();
                // What the releases not yet settled are doing and who drives them, should the wait time out.
                unsettled = string.Join("; ", (orAllSettled ?? []).Where(r => !ClusterChecks.Settled(journal, r.Id)).Select(r =>
                    $"{r.Id} on {leases.SingleOrDefault(l => l.ReleaseId == r.Id)?.NodeId ?? "nobody"}: "
                    + journal.LastOrDefault(e => e.ReleaseId == r.Id && e.Event.Type != "MetricsSampled")?.Event.Type));
                var done = orAllSettled is not null
                    && (orAllSettled.All(r => ClusterChecks.Settled(journal, r.Id)) || (orAfter is { } after && waited.Elapsed > after));
                return driven.Count > 0 || done ? driven : null;
            },
            $"{NodeId(node)} to drive a release mid-rollout",
            TimeSpan.FromSeconds(180),
            () => string.Join(", ", driven) + " | unsettled: " + unsettled);
    }

    /// <summary>The database sessions of this test's database that wait or sit in a transaction (diagnostics).</summary>
    public string Activity()
    {
        using var connection = new NpgsqlConnection(_server.ConnectionStringFor(Database));
        connection.Open();
        using var command = new NpgsqlCommand(
            "SELECT pid, state, coalesce(wait_event_type, ''), coalesce(wait_event, ''), now() - xact_start, left(query, 120) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'", connection);
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add($"pid {reader.GetInt32(0)} {reader.GetString(1)} {reader.GetString(2)}/{reader.GetString(3)} xact {reader.GetValue(4)} {reader.GetString(5)}");
        }
        return "sessions: " + string.Join(Environment.NewLine, lines);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }
        await _server.DropDatabaseAsync(Database);
        foreach (var home in _homes)
        {
            home.Dispose();
        }
    }

    private static string TemplateName(int index) => $"cluster-canary-{index % TargetCount}";

    // quick-canary's steps on two neighbouring targets of the ring.
    private static string Template(int index) => $$"""
        name: {{TemplateName(index)}}
        description: quick-canary on {{Target(index)}} and {{Target(index + 1)}}, for the cluster tests.
        stages:
          - name: sandbox
            targets: [{{Target(index)}}, {{Target(index + 1)}}]
            steps:
              - setWeight: 25
              - analysis:
                  metric: error-rate
                  max: 0.05
                  interval: 1s
                  count: 2
              - setWeight: 100
        """;
}
