using Dapper;
using Npgsql;
using PortalRelease.Portal.Data.Postgres;

namespace PortalRelease.Portal.Tests.Data;

/// <summary>
/// The PostgreSQL migrations build the schema SQLite's do: same scripts, tables, columns, indexes, and the same
/// append-only guarantees, with 64-bit row ids and sequences.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresServer server) : IAsyncLifetime
{
    private const string Time = "2026-01-01T00:00:00.0000000Z";
    private string _database = "";
    private NpgsqlConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _database = await server.CreateDatabaseAsync();
        _connection = new NpgsqlConnection(server.ConnectionStringFor(_database));
        await _connection.OpenAsync();
        await ProviderSchemas.MigratePostgresAsync(_connection);
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await server.DropDatabaseAsync(_database);
    }

    [Fact]
    public void Scripts_OfBothProviders_HaveTheSameNumbersAndNames()
    {
        var sqlite = ProviderSchemas.Scripts("Sqlite").Select(s => s.File).ToList();

        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, ProviderSchemas.Scripts("Postgres").Select(s => s.File));
    }

    [Fact]
    public async Task Schema_MigratedOnBothProviders_HasTheSameTablesAndColumns()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("portal-schema-").FullName, "portal.db");
        await using var sqlite = await ProviderSchemas.MigratedSqliteAsync(file);

        var expected = await ProviderSchemas.SqliteColumnsAsync(sqlite);
        var actual = await ProviderSchemas.PostgresColumnsAsync(_connection);

        Assert.Contains("journal", expected.Keys);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (table, columns) in expected)
        {
            Assert.Equal($"{table}: {columns}", $"{table}: {actual[table]}");
        }
    }

    [Fact]
    public async Task Schema_MigratedOnBothProviders_HasEverySqliteIndexAndTrigger()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("portal-schema-").FullName, "portal.db");
        await using var sqlite = await ProviderSchemas.MigratedSqliteAsync(file);

        // PostgreSQL adds the journal's fingerprint index; its unique constraints refuse what SQLite's no_replace
        // triggers refuse (there is no REPLACE), and each append-only table gains a TRUNCATE trigger.
        var sqliteTriggers = await ProviderSchemas.SqliteNamesAsync(sqlite, "trigger");
        Assert.Equal(
            (await ProviderSchemas.SqliteNamesAsync(sqlite, "index")).Append("journal_incident_fingerprint").Order(StringComparer.Ordinal),
            await ProviderSchemas.PostgresIndexesAsync(_connection));
        Assert.Equal(
            sqliteTriggers.Where(t => !t.EndsWith("_no_replace", StringComparison.Ordinal))
                .Concat(["journal_no_truncate", "incidents_no_truncate", "quarantine_no_truncate", "audit_log_no_truncate"])
                .Order(StringComparer.Ordinal),
            await ProviderSchemas.PostgresTriggersAsync(_connection));
    }

    [Theory]
    [InlineData("journal", "UPDATE journal SET data = '{}'")]
    [InlineData("journal", "DELETE FROM journal")]
    [InlineData("journal", "TRUNCATE journal")]
    [InlineData("journal", "TRUNCATE releases CASCADE")]
    [InlineData("journal", "INSERT INTO journal (release_id, seq, at, type, data) VALUES ('r', 1, 'x', 'Forged', '{}') ON CONFLICT (release_id, seq) DO UPDATE SET type = 'Forged'")]
    [InlineData("incidents", "UPDATE incidents SET status = 'resolved'")]
    [InlineData("incidents", "DELETE FROM incidents")]
    [InlineData("incidents", "TRUNCATE incidents")]
    [InlineData("quarantine", "UPDATE quarantine SET action = 'lifted'")]
    [InlineData("quarantine", "DELETE FROM quarantine")]
    [InlineData("quarantine", "TRUNCATE quarantine")]
    [InlineData("audit_log", "UPDATE audit_log SET outcome = 'denied'")]
    [InlineData("audit_log", "DELETE FROM audit_log")]
    [InlineData("audit_log", "TRUNCATE audit_log")]
    public async Task AppendOnlyTable_Rewritten_IsRefusedWithRestrictViolationAndKept(string table, string sql)
    {
        await SeedAppendOnlyRowsAsync();
        var before = await SnapshotAsync(table);
        Assert.NotEqual("", before);

        var error = await Assert.ThrowsAsync<PostgresException>(() => _connection.ExecuteAsync(sql));

        Assert.Equal(PostgresErrorCodes.RestrictViolation, error.SqlState);
        Assert.EndsWith("is append-only", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(table));
    }

    [Fact]
    public async Task Journal_IdAndSeqBeyond32Bits_AreStoredAndRead()
    {
        const long big = 1L << 40;
        await SeedReleaseAsync();

        await _connection.ExecuteAsync(
            "INSERT INTO journal (id, release_id, seq, at, type, data) VALUES (@big, 'r', @big, @at, 'StateChanged', '{}')", new { big, at = Time });

        var row = await _connection.QuerySingleAsync<(long Id, long Seq)>("SELECT id, seq FROM journal WHERE release_id = 'r'");
        Assert.Equal((big, big), row);
    }

    [Fact]
    public async Task IncidentFingerprintLookup_WrittenThroughTheDialect_ReadsThePartialIndex()
    {
        // The index serves only queries that spell its expression: the dialect's JSON path is that spelling.
        var fingerprint = PostgresDialect.Instance.JsonText("data", "alert.fingerprint");
        await _connection.ExecuteAsync("SET enable_seqscan = off");

        var plan = (await _connection.QueryAsync<string>(
            $"EXPLAIN SELECT DISTINCT release_id FROM journal WHERE type = 'IncidentOpened' AND {fingerprint} = 'f'")).ToList();

        // Searched by the fingerprint, not merely scanned for the partial index's predicate.
        Assert.Contains(plan, line => line.Contains("Index Scan using journal_incident_fingerprint", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("Index Cond:", StringComparison.Ordinal) && line.Contains("{alert,fingerprint}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("journal")]
    [InlineData("incidents")]
    [InlineData("quarantine")]
    [InlineData("audit_log")]
    [InlineData("notification_deliveries")]
    public async Task RowId_OfEveryIdTable_IsA64BitIdentityThatTakesCopiedIds(string table)
    {
        var column = await _connection.QuerySingleAsync<(string DataType, string IsIdentity, string? Generation)>(
            "SELECT data_type, is_identity, identity_generation FROM information_schema.columns " +
            "WHERE table_schema = 'public' AND table_name = @table AND column_name = 'id'", new { table });

        // BY DEFAULT, not ALWAYS: migrate-store inserts the ids the SQLite store gave.
        Assert.Equal(("bigint", "YES", "BY DEFAULT"), column);
    }

    private async Task SeedReleaseAsync()
    {
        await _connection.ExecuteAsync("INSERT INTO templates (name, version, yaml, created_at, created_by) VALUES ('t', 1, 'name: t', @at, 'test')", new { at = Time });
        await _connection.ExecuteAsync(
            "INSERT INTO releases (id, template_name, template_version, version, parameters, plan, created_at, created_by) VALUES ('r', 't', 1, '1.0.0', '{}', '{}', @at, 'test')", new { at = Time });
    }

    private async Task SeedAppendOnlyRowsAsync()
    {
        await SeedReleaseAsync();
        await _connection.ExecuteAsync(
            "INSERT INTO journal (release_id, seq, at, type, data) VALUES ('r', 1, @at, 'ReleaseCreated', '{}')", new { at = Time });
        await _connection.ExecuteAsync(
            "INSERT INTO incidents (received_at, fingerprint, status, group_key, receiver, starts_at, labels, annotations, releases) " +
            "VALUES (@at, 'f', 'firing', 'g', 'r', @at, '{}', '{}', '[]')", new { at = Time });
        await _connection.ExecuteAsync(
            "INSERT INTO quarantine (service, version, action, reason, actor, at) VALUES ('s', '1.0.0', 'quarantined', 'bad', 'test', @at)", new { at = Time });
        await _connection.ExecuteAsync(
            "INSERT INTO audit_log (at, actor_id, actor_name, auth_method, action, resource_kind, resource_id, outcome, details, prev_hash, hash) " +
            "VALUES (@at, 'u', 'U', 'test', 'target.create', 'target', 't', 'ok', '{}', @hash, @hash)", new { at = Time, hash = new byte[32] });
    }

    // Every row of the table as text: equal before and after means nothing changed.
    private Task<string> SnapshotAsync(string table) =>
        _connection.QuerySingleAsync<string>($"SELECT COALESCE(string_agg(t::text, '|' ORDER BY t.id), '') FROM {table} t");
}
