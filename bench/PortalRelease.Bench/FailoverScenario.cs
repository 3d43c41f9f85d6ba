using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Bench;

/// <summary>
/// Three portal processes on one PostgreSQL database drive <c>--releases</c> (300) releases, each on its own Sandbox
/// target, created round-robin through the nodes; once the second node drives releases mid-rollout it is killed with
/// SIGKILL. Reports <c>failover_s</c> (from the kill until every release it drove has journaled again on another node),
/// <c>duplicate_actions</c> (idempotency keys the Sandbox applied more than once) and <c>lost_events</c> (journal events a
/// SignalR client on a surviving node never received), once every release has settled.
/// </summary>
public sealed class FailoverScenario : IBenchScenario
{
    private const int Nodes = 3;
    private const int Victim = 1;
    private static readonly string[] FinalStates = ["Promoted", "RolledBack", "Aborted"];

    public async Task<string> RunAsync(string[] args)
    {
        var releases = BenchArgs.Int(args, "--releases", 300);
        var leaseTime = TimeSpan.FromSeconds(BenchArgs.Int(args, "--lease-seconds", 15));
        await using var postgres = await BenchPostgres.StartAsync(args);
        var root = Directory.CreateTempSubdirectory("portal-failover-").FullName;
        BenchPlugins.InstallSandbox(root);
        var nodes = new BenchNode?[Nodes];
        try
        {
            for (var i = 0; i < Nodes; i++)
            {
                // One after another: the first migrates; each is ready before the next starts.
                nodes[i] = await BenchNode.StartAsync(root, new Dictionary<string, string>
                {
                    ["Portal__Storage__Provider"] = "Postgres",
                    ["Portal__Storage__ConnectionString"] = postgres.ConnectionString,
                    ["Portal__Cluster__NodeId"] = NodeId(i),
                    ["Portal__Cluster__LeaseTime"] = leaseTime.ToString("c", CultureInfo.InvariantCulture),
                }.Concat(BenchKeyRing.Settings("__")).ToDictionary());
            }
            var first = nodes[0]!;
            await ImportTemplateAsync(first);
            await using var hub = new HubConnectionBuilder().WithUrl(new Uri(first.BaseAddress, "/hubs/releases")).Build();
            await hub.StartAsync();
            var received = new ConcurrentDictionary<string, ConcurrentDictionary<long, byte>>(StringComparer.Ordinal);

            var created = new List<string>();
            var creating = Stopwatch.StartNew();
            for (var i = 0; i < releases; i++)
            {
                var node = nodes[i % Nodes]!;
                var target = $"failover-{i:0000}";
                await PostAsync(node, "/api/targets", new { name = target, kind = "sandbox", settings = JsonDocument.Parse(SampleSeeder.SandboxSettings).RootElement, environment = SampleSeeder.SandboxEnvironment });
                var id = (await PostAsync(node, "/api/releases", new { template = "failover-bench", version = "2.0.0", parameters = new { target } })).GetProperty("id").GetString()!;
                created.Add(id);
                Follow(hub, id, received);
            }
            Console.WriteLine($"{releases} releases created in {creating.Elapsed.TotalSeconds:0.0} s");

            // Kill the victim while it drives releases that have deployed and not settled.
            var (orphans, killedAtRow) = await KillMidRolloutAsync(postgres.ConnectionString, nodes);
            var killed = Stopwatch.StartNew();
            Console.WriteLine($"{NodeId(Victim)} killed holding {orphans.Count} unsettled releases");
            var resumed = new HashSet<string>(StringComparer.Ordinal);
            var deadline = TimeSpan.FromMinutes(3);
            while (resumed.Count < orphans.Count)
            {
                if (killed.Elapsed > deadline)
                {
                    throw new TimeoutException($"{orphans.Count - resumed.Count} of {orphans.Count} orphaned releases did not journal again within {deadline}.");
                }
                foreach (var id in await JournaledSinceAsync(postgres.ConnectionString, killedAtRow, orphans))
                {
                    resumed.Add(id);
                }
                await Task.Delay(100);
            }
            var failover = killed.Elapsed.TotalSeconds;
            Console.WriteLine($"every orphan journaling again {failover:0.00} s after the kill (lease time {leaseTime.TotalSeconds:0} s)");

            var journal = await WaitSettledAsync(postgres.ConnectionString, created, TimeSpan.FromMinutes(5));
            var duplicates = await DuplicateActionsAsync(postgres.ConnectionString, created);
            var lost = await LostEventsAsync(journal, received, TimeSpan.FromSeconds(30));
            Console.WriteLine($"settled: {created.Count}; duplicate actions {duplicates}; events the surviving node's hub client missed {lost}");
            return JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["scenario"] = "failover",
                ["releases"] = releases,
                ["lease_s"] = leaseTime.TotalSeconds,
                ["orphaned"] = orphans.Count,
                ["failover_s"] = Math.Round(failover, 2),
                ["duplicate_actions"] = duplicates,
                ["lost_events"] = lost,
            });
        }
        finally
        {
            foreach (var node in nodes)
            {
                if (node is not null)
                {
                    await node.DisposeAsync();
                }
            }
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static string NodeId(int node) => "failover-" + (char)('a' + node);

    private static async Task ImportTemplateAsync(BenchNode node)
    {
        using var content = new StringContent(TemplateYaml, Encoding.UTF8, "application/yaml");
        using var response = await node.Http.PostAsync("/api/templates", content);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Importing the bench template: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<JsonElement> PostAsync(BenchNode node, string path, object body)
    {
        using var response = await node.Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        }
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Streams the release's events from the hub of a node that stays up, from its first event.</summary>
    private static void Follow(HubConnection hub, string releaseId, ConcurrentDictionary<string, ConcurrentDictionary<long, byte>> into)
    {
        var seen = into.GetOrAdd(releaseId, _ => new ConcurrentDictionary<long, byte>());
        _ = Task.Run(async () =>
        {
            await foreach (var e in hub.StreamAsync<JsonElement>("Events", releaseId, 0L))
            {
                seen.TryAdd(e.GetProperty("seq").GetInt64(), 0);
            }
        });
    }

    private static async Task<(IReadOnlyList<string> Orphans, long KilledAtRow)> KillMidRolloutAsync(string connectionString, BenchNode?[] nodes)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var driven = await QueryStringsAsync(connection,
                "SELECT l.release_id FROM release_leases l WHERE l.node_id = @node AND EXISTS (SELECT 1 FROM journal j WHERE j.release_id = l.release_id AND j.type = 'ActionDone')",
                ("node", NodeId(Victim)));
            if (driven.Count >= 5 || deadline.Elapsed > TimeSpan.FromSeconds(90) && driven.Count > 0)
            {
                nodes[Victim]!.Kill();
                await nodes[Victim]!.DisposeAsync();
                nodes[Victim] = null;
                // After the kill: nothing the victim wrote can follow, so every row after this one is another node's.
                var row = (long)(await new NpgsqlCommand("SELECT COALESCE(MAX(id), 0) FROM journal", connection).ExecuteScalarAsync() ?? 0L);
                var held = await QueryStringsAsync(connection, "SELECT release_id FROM release_leases WHERE node_id = @node", ("node", NodeId(Victim)));
                return (held, row);
            }
            if (deadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"{NodeId(Victim)} never drove a release mid-rollout.");
            }
            await Task.Delay(200);
        }
    }

    private static async Task<IReadOnlyList<string>> JournaledSinceAsync(string connectionString, long afterRow, IReadOnlyList<string> releases)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT DISTINCT release_id FROM journal WHERE id > @row AND release_id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("row", afterRow);
        command.Parameters.AddWithValue("ids", releases.ToArray());
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    /// <summary>Waits until every release's last state change is final; returns each release's journal sequence numbers.</summary>
    private static async Task<Dictionary<string, List<long>>> WaitSettledAsync(string connectionString, List<string> releases, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var settled = await QueryStringsAsync(connection,
                "SELECT s.release_id FROM journal s WHERE s.type = 'StateChanged' AND s.seq = (SELECT MAX(seq) FROM journal t WHERE t.release_id = s.release_id AND t.type = 'StateChanged') AND s.data::jsonb ->> 'to' = ANY(@final)",
                ("final", FinalStates));
            if (releases.All(new HashSet<string>(settled, StringComparer.Ordinal).Contains))
            {
                await using var command = new NpgsqlCommand("SELECT release_id, seq FROM journal ORDER BY id", connection);
                await using var reader = await command.ExecuteReaderAsync();
                var seqs = new Dictionary<string, List<long>>(StringComparer.Ordinal);
                while (await reader.ReadAsync())
                {
                    (seqs.TryGetValue(reader.GetString(0), out var list) ? list : seqs[reader.GetString(0)] = []).Add(reader.GetInt64(1));
                }
                return seqs;
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{releases.Count - settled.Count} releases did not settle within {timeout}.");
            }
            await Task.Delay(500);
        }
    }

    /// <summary>
    /// Keys the Sandbox applied more than once across every node: read from its ledgers in the shared database (the host's
    /// plugin state, entries <c>ledger/&lt;target&gt;/&lt;index&gt;</c>: one per action a target saw; a re-issue it
    /// recognised is written as <c>duplicate</c>, not applied).
    /// </summary>
    private static async Task<int> DuplicateActionsAsync(string connectionString, List<string> releases)
    {
        var ids = new HashSet<string>(releases, StringComparer.Ordinal);
        var applied = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT value FROM plugin_state WHERE plugin = 'sandbox' AND starts_with(key, 'ledger/')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            using var entry = JsonDocument.Parse((byte[])reader.GetValue(0));
            var e = entry.RootElement;
            if (e.TryGetProperty("outcome", out var outcome) && outcome.GetString() == "applied"
                && e.TryGetProperty("releaseId", out var release) && ids.Contains(release.GetString() ?? ""))
            {
                var key = e.GetProperty("key").GetString()!;
                applied[key] = applied.GetValueOrDefault(key) + 1;
            }
        }
        return applied.Values.Sum(count => count - 1);
    }

    /// <summary>Events in the journal the hub client never received, once it has had <paramref name="grace"/> to catch up.</summary>
    private static async Task<int> LostEventsAsync(Dictionary<string, List<long>> journal, ConcurrentDictionary<string, ConcurrentDictionary<long, byte>> received, TimeSpan grace)
    {
        int Missing() => received.Sum(r => journal.GetValueOrDefault(r.Key, []).Count(seq => !r.Value.ContainsKey(seq)));
        var clock = Stopwatch.StartNew();
        while (Missing() > 0 && clock.Elapsed < grace)
        {
            await Task.Delay(200);
        }
        return Missing();
    }

    private static async Task<List<string>> QueryStringsAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    // Long enough that releases are mid-rollout when the node dies: two analysis steps of eight one-second rounds.
    private const string TemplateYaml = """
        name: failover-bench
        parameters:
          - name: target
            type: string
        stages:
          - name: production
            targets: ["{{ target }}"]
            steps:
              - setWeight: 20
              - analysis:
                  metric: error-rate
                  max: 0.05
                  interval: 1s
                  count: 8
              - setWeight: 50
              - analysis:
                  metric: error-rate
                  max: 0.05
                  interval: 1s
                  count: 8
              - setWeight: 100
        """;
}
