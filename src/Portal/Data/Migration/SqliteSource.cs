using Dapper;
using Microsoft.Data.Sqlite;

namespace PortalRelease.Portal.Data.Migration;

/// <summary>
/// The SQLite portal being copied, read over one snapshot (a deferred transaction held from the first read to the
/// last): the tables, their columns and rows, and the figures the copy is verified against all come from the same
/// moment, even if something wrote to the file meanwhile.
/// </summary>
internal sealed class SqliteSource : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _snapshot;

    private SqliteSource(SqliteConnection connection, SqliteTransaction snapshot) => (_connection, _snapshot) = (connection, snapshot);

    public static async Task<SqliteSource> OpenAsync(Sqlite.SqliteDatabase database, CancellationToken cancellationToken)
    {
        var connection = await database.OpenSqliteAsync(cancellationToken);
        return new SqliteSource(connection, (SqliteTransaction)await database.BeginSnapshotAsync(connection, cancellationToken));
    }

    /// <summary>
    /// The portal's tables (not <c>schema_version</c>, which each provider's migrations write for themselves, nor
    /// SQLite's own), each after the tables its foreign keys name: the order the target accepts their rows in.
    /// </summary>
    public async Task<IReadOnlyList<SourceTable>> TablesAsync(CancellationToken cancellationToken)
    {
        var names = (await _connection.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'schema_version' ORDER BY name",
            transaction: _snapshot, cancellationToken: cancellationToken))).ToList();
        var tables = new List<SourceTable>();
        foreach (var name in names)
        {
            var columns = (await _connection.QueryAsync<string>(new CommandDefinition(
                "SELECT name FROM pragma_table_info(@name) ORDER BY cid", new { name }, _snapshot, cancellationToken: cancellationToken))).ToList();
            var parents = (await _connection.QueryAsync<string>(new CommandDefinition(
                "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(@name)", new { name }, _snapshot, cancellationToken: cancellationToken))).ToList();
            tables.Add(new SourceTable(name, columns, parents));
        }
        return ForeignKeyOrder.Sort(tables);
    }

    public async Task<long> CountAsync(string table, CancellationToken cancellationToken) =>
        await _connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {Identifier.Quote(table)}", transaction: _snapshot, cancellationToken: cancellationToken));

    /// <summary>Every row of a table, the named columns in that order, as SQLite stored them (long, double, string, byte[] or DBNull).</summary>
    public async Task<SqliteDataReader> ReadAsync(string table, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _snapshot;
        command.CommandText = $"SELECT {string.Join(", ", columns.Select(Identifier.Quote))} FROM {Identifier.Quote(table)}";
        return await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, JournalSequence>> JournalSequencesAsync(CancellationToken cancellationToken) =>
        (await _connection.QueryAsync<JournalSequence>(new CommandDefinition(JournalSequence.Sql, transaction: _snapshot, cancellationToken: cancellationToken)))
            .ToDictionary(s => s.ReleaseId, StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await _snapshot.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

/// <summary>A table of the source: its columns in order, and the tables its foreign keys name.</summary>
internal sealed record SourceTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string> Parents);

/// <summary>
/// One release's journal in figures: the copy must keep all three, and a gapless journal has Count = Max, Min = 1.
/// Properties, not a positional record: Dapper binds a constructor only on exact column types, and SQLite reports an
/// empty result's aggregate columns as blobs (a portal without releases could not be migrated).
/// </summary>
internal sealed record JournalSequence
{
    public string ReleaseId { get; init; } = "";

    public long Count { get; init; }

    public long Min { get; init; }

    public long Max { get; init; }

    public const string Sql = "SELECT release_id AS ReleaseId, COUNT(*) AS Count, MIN(seq) AS Min, MAX(seq) AS Max FROM journal GROUP BY release_id";

    public bool Gapless => Min == 1 && Count == Max;
}
