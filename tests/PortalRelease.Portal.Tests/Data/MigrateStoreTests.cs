using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using PortalRelease.Portal.Data.Migration;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Audit;
using PortalRelease.Portal.Tests.Releases;
using PortalRelease.Portal.Tests.Targets;
using PortalRelease.Testing;

using PortalRelease.Contracts;

namespace PortalRelease.Portal.Tests.Data;

/// <summary>
/// <c>migrate-store --to postgres</c> on real parts: a SQLite portal that ran releases to their end, copied into a
/// database of Debian's PostgreSQL, then a portal started on that database; and the refusals, by their exit codes.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrateStoreTests(PostgresServer server)
{
    [Fact]
    public async Task MigrateStore_SqlitePortalWithReleases_CopiesEveryRowAndVerifies()
    {
        using var home = new TempPortalHome();
        await RunReleasesAsync(home);
        var sourceCounts = ExpectedCounts(home);
        Assert.True(sourceCounts["data_protection_keys"] > 0, "the SQLite portal wrote no key ring files");
        var database = await server.CreateDatabaseAsync();

        var (exit, output, error) = await RunAsync(server.ConnectionStringFor(database), home);

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        Assert.Contains($"journal: {sourceCounts["journal"].ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} rows copied, verified", output, StringComparison.Ordinal);
        Assert.Contains("audit chains: journal, audit_log verify on the target", output, StringComparison.Ordinal);
        Assert.StartsWith("migrate-store: copied and verified", output.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
        Assert.Equal(sourceCounts, await PostgresCountsAsync(database, sourceCounts.Keys));
        // Row for row: the same ids, sequences and hashes, so the chains the portal anchored go on verifying.
        Assert.Equal(SqliteChain(home.DatabaseFile, "journal"), await PostgresChainAsync(database, "journal"));
        Assert.Equal(SqliteChain(home.DatabaseFile, "audit_log"), await PostgresChainAsync(database, "audit_log"));
        await server.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task MigrateStore_CopiedPortal_RunsOnPostgresWithTheSameReleasesEventsAndChains()
    {
        using var home = new TempPortalHome();
        var (good, bad, goodEvents, badEvents) = await RunReleasesAsync(home);
        var database = await server.CreateDatabaseAsync();
        var (exit, output, error) = await RunAsync(server.ConnectionStringFor(database), home);
        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        var (copiedJournal, copiedAudit) = (await PostgresMaxIdAsync(database, "journal"), await PostgresMaxIdAsync(database, "audit_log"));

        await using (var moved = new TestPortal(Settings(database), home))
        {
            Assert.Equal("Promoted", (await moved.Client.GetReleaseAsync(good)).State);
            Assert.Equal("RolledBack", (await moved.Client.GetReleaseAsync(bad)).State);
            Assert.Equal(goodEvents.Select(e => (e.Seq, e.Type)), (await moved.Client.GetEventsAsync(good)).Select(e => (e.Seq, e.Type)));
            Assert.Equal(badEvents.Select(e => (e.Seq, e.Type)), (await moved.Client.GetEventsAsync(bad)).Select(e => (e.Seq, e.Type)));
            await AssertAuditVerifiesAsync(moved);

            // The identities moved past the copied ids: new journal and audit rows take the next ones, and chain on.
            var next = await moved.Client.CreateReleaseAsync("quick-canary", "1.0.2");
            await moved.Client.WaitForEventsAsync(next, events => events.Count >= 1, "the new release's first event");
            await moved.Client.LabelTargetAsync("sandbox-us", "production");
            await AssertAuditVerifiesAsync(moved);
            Assert.True(await PostgresMaxIdAsync(database, "journal") > copiedJournal, "no journal row was written after the copy");
            Assert.True(await PostgresMaxIdAsync(database, "audit_log") > copiedAudit, "no audit row was written after the copy");
        }
        await server.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task MigrateStore_ValueThatDoesNotFitItsColumn_Exits1AndLeavesTheTargetEmpty()
    {
        using var home = await SeededHomeAsync();
        await Tamper.RunAsync(home.DatabaseFile, "UPDATE notification_cursor SET journal_id = 'not-a-number'");
        var database = await server.CreateDatabaseAsync();

        var (exit, output, error) = await RunAsync(server.ConnectionStringFor(database), home);

        Assert.True(exit == 1, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("notification_cursor.journal_id", error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-number", error, StringComparison.Ordinal);
        // One transaction: the tables copied before the bad row are empty again (the cursor holds its schema row).
        var counts = await PostgresCountsAsync(database, SqliteCounts(home.DatabaseFile).Keys);
        Assert.All(counts.Where(c => c.Key != "notification_cursor"), c => Assert.Equal(0, c.Value));
        await server.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task MigrateStore_SourceJournalTampered_Exits1AndLeavesTheCopyForInspection()
    {
        using var home = await SeededHomeAsync();
        await Tamper.RunAsync(home.DatabaseFile, "UPDATE journal SET data = '{}' WHERE id = (SELECT MAX(id) FROM journal)");
        var sourceCounts = ExpectedCounts(home);
        var database = await server.CreateDatabaseAsync();

        var (exit, output, error) = await RunAsync(server.ConnectionStringFor(database), home);

        Assert.True(exit == 1, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("do not verify", error, StringComparison.Ordinal);
        Assert.Contains("journal row", error, StringComparison.Ordinal);
        Assert.Equal(sourceCounts, await PostgresCountsAsync(database, sourceCounts.Keys));
        await server.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task MigrateStore_TargetHoldsAPortal_Exits2AndLeavesItUnchanged()
    {
        using var first = new TempPortalHome();
        await using (var portal = new TestPortal(home: first))
        {
            await portal.Client.CreateReleaseAsync("quick-canary", "1.0.0");
        }
        var database = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await RunAsync(server.ConnectionStringFor(database), first)).Exit);
        var tables = await PostgresTablesAsync(database);
        var before = await PostgresCountsAsync(database, tables);
        using var second = new TempPortalHome();
        File.WriteAllBytes(second.DatabaseFile, []);

        var (exit, output, error) = await RunAsync(server.ConnectionStringFor(database), second);

        Assert.True(exit == 2, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("already holds a portal's data", error, StringComparison.Ordinal);
        Assert.Contains("releases", error, StringComparison.Ordinal);
        Assert.Equal(before, await PostgresCountsAsync(database, tables));
        await server.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task MigrateStore_TargetSecretOfAPortalWithoutCertificate_OpensOnPostgresFromTheEncryptedSharedKeyRing()
    {
        const string Canary = "canary-secret-migrated-93b1";
        using var home = new TempPortalHome();
        await using (var sqlite = new TargetsPortal(home))
        {
            await sqlite.CreateOkAsync(new
            {
                name = "carried",
                kind = TargetsPortal.Kind,
                settings = new { endpoint = "https://carried.example.test", failApply = false, failStatus = false },
                secrets = new { token = Canary },
            });
        }
        var files = Directory.GetFiles(Path.Combine(home.DataDirectory, "keys"), "key-*.xml");
        Assert.Contains(files, f => File.ReadAllText(f).Contains("unencrypted form", StringComparison.Ordinal));
        var database = await server.CreateDatabaseAsync();

        var (exit, output, error) = await RunAsync(server.ConnectionStringFor(database), home);

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        Assert.Contains($"key ring: {(files.Length == 1 ? "1 key file" : $"{files.Length} key files")} from keys/ stored in data_protection_keys", output, StringComparison.Ordinal);
        await using (var connection = new NpgsqlConnection(server.ConnectionStringFor(database)))
        {
            var keys = (await connection.QueryAsync<string>("SELECT xml FROM data_protection_keys")).ToList();
            Assert.Equal(files.Length, keys.Count);
            Assert.All(keys, xml =>
            {
                Assert.Contains("<EncryptedData", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("unencrypted form", xml, StringComparison.Ordinal);
            });
        }
        // A node with a home of its own (no keys/ folder): the key can only come from the table.
        await using (var node = new TargetsPortal(settings: server.PortalSettings(database)))
        {
            using var test = await node.Http.PostAsync("/api/targets/carried/test", null);
            var result = await TargetsPortal.ExpectAsync(test, HttpStatusCode.OK);
            Assert.Equal(TargetsPortal.Describe(null, Canary), result.GetProperty("detail").GetString());
        }
        await server.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task MigrateStore_NoKeyRingCertificate_Exits2NamingTheSettingAndCopiesNothing()
    {
        using var home = await SeededHomeAsync();
        var database = await server.CreateDatabaseAsync();

        var (exit, output, error) = await RunAsync(server.ConnectionStringFor(database), home, certificate: false);

        Assert.True(exit == 2, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("Portal:DataProtection:Certificate is required when Portal:Storage:Provider is Postgres", error, StringComparison.Ordinal);
        Assert.Contains("Nothing was copied.", error, StringComparison.Ordinal);
        await using (var connection = new NpgsqlConnection(server.ConnectionStringFor(database)))
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"));
        }
        await server.DropDatabaseAsync(database);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Username=portal;Password={0}", "must name a Database")]
    [InlineData("Host=127.0.0.1;Database=portal;Username=portal;Password={0};Colour=blue", "colour")]
    public async Task MigrateStore_BadConnectionString_Exits2NamingTheProblemNotThePassword(string connectionString, string problem)
    {
        const string Password = "s3cret-never-shown";
        using var home = new TempPortalHome();
        File.WriteAllBytes(home.DatabaseFile, []);

        var (exit, output, error) = await RunAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, connectionString, Password), home);

        Assert.True(exit == 2, $"exit {exit}\n{output}\n{error}");
        Assert.Contains(problem, error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Password, output + error, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo(home.DatabaseFile).Length);
    }

    [Fact]
    public async Task MigrateStore_SourceIsNotADatabase_Exits2AndLeavesItAlone()
    {
        using var home = new TempPortalHome();
        File.WriteAllText(home.DatabaseFile, "these are someone's notes, not a portal's database; long enough to be read as a header.....");
        var before = File.ReadAllBytes(home.DatabaseFile);
        var database = await server.CreateDatabaseAsync();

        var (exit, output, error) = await RunAsync(server.ConnectionStringFor(database), home);

        Assert.True(exit == 2, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("The source is not a SQLite database", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(home.DatabaseFile));
        await server.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task MigrateStore_UnreachablePort_Exits3WithoutThePassword()
    {
        using var home = new TempPortalHome();
        File.WriteAllBytes(home.DatabaseFile, []);
        var connectionString = $"Host=127.0.0.1;Port={ClosedPort()};Database=portal;Username=portal;Password=pw-unreachable-secret;Timeout=5";

        var (exit, output, error) = await RunAsync(connectionString, home);

        Assert.True(exit == 3, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("Cannot reach the target database", error, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-unreachable-secret", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateStore_AsARealProcess_ExitCodesAreTheContract()
    {
        using var home = new TempPortalHome();
        File.WriteAllBytes(home.DatabaseFile, []);

        var unreachable = await RunProcessAsync(home, "--to", "postgres", $"Host=127.0.0.1;Port={ClosedPort()};Database=portal;Username=portal;Password=pw-x;Timeout=5");
        var badArguments = await RunProcessAsync(home, "--to", "mysql", "Host=127.0.0.1;Database=portal");

        Assert.True(unreachable.Exit == 3, unreachable.Output);
        Assert.True(badArguments.Exit == 2, badArguments.Output);
        Assert.Contains("mysql", badArguments.Output, StringComparison.Ordinal);
    }

    /// <summary>A SQLite portal that ran a healthy and a bad release to their end, and an admin's act in the audit log.</summary>
    private static async Task<(string Good, string Bad, IReadOnlyList<ReleaseEvent> GoodEvents, IReadOnlyList<ReleaseEvent> BadEvents)> RunReleasesAsync(TempPortalHome home)
    {
        await using var portal = new TestPortal(home: home);
        var good = await portal.Client.CreateReleaseAsync("quick-canary", "1.0.0");
        var bad = await portal.Client.CreateReleaseAsync("quick-canary", "1.0.1-bad");
        await portal.Client.WaitForStateAsync(good, "Promoted", TimeSpan.FromSeconds(90));
        await portal.Client.WaitForStateAsync(bad, "RolledBack", TimeSpan.FromSeconds(90));
        await portal.Client.LabelTargetAsync("sandbox-us", "staging");
        var counts = SqliteCounts(home.DatabaseFile);
        Assert.True(counts["audit_log"] > 0 && counts["journal"] > 0, string.Join(", ", counts));
        return (good, bad, await portal.Client.GetEventsAsync(good), await portal.Client.GetEventsAsync(bad));
    }

    /// <summary>A SQLite portal started once (schema, samples, demo history) and stopped.</summary>
    internal static async Task<TempPortalHome> SeededHomeAsync()
    {
        var home = new TempPortalHome();
        await using (var portal = new TestPortal(home: home))
        {
            await portal.Client.GetReleaseAsync(await portal.Client.CreateReleaseAsync("quick-canary", "1.0.0"));
        }
        return home;
    }

    private static async Task AssertAuditVerifiesAsync(TestPortal portal)
    {
        using var verify = JsonDocument.Parse(await portal.Http.GetStringAsync("/api/audit/verify"));
        Assert.True(verify.RootElement.GetProperty("ok").GetBoolean(), verify.RootElement.GetRawText());
    }

    private static List<(long Id, string Hash)> SqliteChain(string file, string table)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=false");
        return connection.Query<(long, byte[])>($"SELECT id, hash FROM {table} ORDER BY id").Select(r => (r.Item1, Convert.ToHexString(r.Item2))).ToList();
    }

    private async Task<List<(long Id, string Hash)>> PostgresChainAsync(string database, string table)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor(database));
        return (await connection.QueryAsync<(long, byte[])>($"SELECT id, hash FROM {table} ORDER BY id")).Select(r => (r.Item1, Convert.ToHexString(r.Item2))).ToList();
    }

    private async Task<long> PostgresMaxIdAsync(string database, string table)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor(database));
        return await connection.ExecuteScalarAsync<long>($"SELECT MAX(id) FROM {table}");
    }

    /// <summary>Runs the command in this process, with the run's key ring certificate unless <paramref name="certificate"/> is false.</summary>
    internal static async Task<(int Exit, string Output, string Error)> RunAsync(string connectionString, TempPortalHome home, bool certificate = true)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await MigrateStoreCommand.RunAsync(
            ["migrate-store", "--to", "postgres", connectionString, $"--Portal:DataDirectory={home.DataDirectory}", $"--Portal:PluginsDirectory={home.PluginsDirectory}",
                .. certificate ? CertificateArguments : []],
            output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string[] CertificateArguments =>
        [.. TestKeyRing.Settings.Select(s => $"--{s.Key}={s.Value}")];

    /// <summary>The source's counts as the target must hold them: its key ring files become rows of the key table.</summary>
    private static SortedDictionary<string, long> ExpectedCounts(TempPortalHome home)
    {
        var counts = SqliteCounts(home.DatabaseFile);
        counts["data_protection_keys"] += Directory.GetFiles(Path.Combine(home.DataDirectory, "keys"), "*.xml").Length;
        return counts;
    }

    private static async Task<(int Exit, string Output)> RunProcessAsync(TempPortalHome home, params string[] args)
    {
        var start = new ProcessStartInfo(BuildOutput.DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = home.Root };
        foreach (var arg in new[] { BuildOutput.PortalDll(), "migrate-store" }.Concat(args).Append($"--Portal:DataDirectory={home.DataDirectory}").Concat(CertificateArguments).Append("--urls=http://127.0.0.1:0"))
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("ASPNETCORE_CONTENTROOT");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"migrate-store {string.Join(' ', args.Take(2))} did not exit within 60 s:\n{await output}{await error}");
        }
        return (process.ExitCode, await output + await error);
    }

    private Dictionary<string, string> Settings(string database) => server.PortalSettings(database);

    private static SortedDictionary<string, long> SqliteCounts(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=false");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> 'schema_version'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = (long)count.ExecuteScalar()!;
        }
        return counts;
    }

    private async Task<IReadOnlyList<string>> PostgresTablesAsync(string database)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'", connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }

    private async Task<SortedDictionary<string, long>> PostgresCountsAsync(string database, IEnumerable<string> tables)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor(database));
        await connection.OpenAsync();
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM \"{table}\"", connection);
            counts[table] = (long)(await command.ExecuteScalarAsync())!;
        }
        return counts;
    }

    // A loopback port nothing listens on: taken, then released.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
