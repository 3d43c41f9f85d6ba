using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PortalRelease.Portal.Data.Migration;

/// <summary>
/// The PostgreSQL database a SQLite portal is copied into, on one connection: every row goes in inside one transaction,
/// so a failure leaves the target as the schema migrations made it.
/// </summary>
internal sealed class PostgresTarget(NpgsqlConnection connection) : IAsyncDisposable
{
    /// <summary>
    /// Tables whose rows the schema migrations write themselves (0007 seeds the notification cursor's one row): they
    /// do not make a target "hold data", and the source's rows replace them.
    /// </summary>
    public static readonly IReadOnlySet<string> WrittenBySchema = new HashSet<string>(["notification_cursor"], StringComparer.Ordinal);

    private NpgsqlTransaction? _transaction;

    private NpgsqlTransaction Transaction => _transaction ?? throw new InvalidOperationException("The copy has not begun.");

    /// <summary>Every table's columns as the target declares them (generated columns left out: nothing copies into them).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<TargetColumn>>> ColumnsAsync(CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string Table, string Column, string DataType)>(new CommandDefinition(
            """
            SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_generated = 'NEVER'
            ORDER BY table_name, ordinal_position
            """, transaction: _transaction, cancellationToken: cancellationToken));
        return rows.GroupBy(r => r.Table, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TargetColumn>)g.Select(r => new TargetColumn(r.Column, r.DataType)).ToList(), StringComparer.Ordinal);
    }

    /// <summary>
    /// Begins the copy's one transaction and locks the tables against every writer until it ends, so no portal started
    /// on the target meanwhile can write between the emptiness check and the copy.
    /// </summary>
    public async Task BeginAsync(IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        _transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"LOCK TABLE {string.Join(", ", tables.Select(Identifier.Quote))} IN EXCLUSIVE MODE", transaction: _transaction, cancellationToken: cancellationToken));
    }

    /// <summary>The tables that hold at least one row, read inside the copy's transaction.</summary>
    public async Task<IReadOnlyList<string>> TablesWithRowsAsync(IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        foreach (var table in tables)
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                $"SELECT EXISTS (SELECT 1 FROM {Identifier.Quote(table)})", transaction: Transaction, cancellationToken: cancellationToken)))
            {
                found.Add(table);
            }
        }
        return found;
    }

    /// <summary>Empties a table the schema seeded (see <see cref="WrittenBySchema"/>); never an append-only one.</summary>
    public Task ClearSeededAsync(string table, CancellationToken cancellationToken) =>
        WrittenBySchema.Contains(table)
            ? connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {Identifier.Quote(table)}", transaction: Transaction, cancellationToken: cancellationToken))
            : throw new InvalidOperationException($"{table} is not written by the schema.");

    /// <summary>Streams a source table's rows in with binary COPY, each value as its target column's type; returns the rows written.</summary>
    public async Task<long> CopyAsync(string table, IReadOnlyList<TargetColumn> columns, SqliteDataReader source, CancellationToken cancellationToken)
    {
        _ = Transaction;
        var types = columns.Select(c => c.CopyType ?? throw new StoreMigrationException(StoreMigrationExit.Failed,
            $"{table}.{c.Name} is of type {c.DataType} on the target, which migrate-store does not copy into.")).ToArray();
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {Identifier.Quote(table)} ({string.Join(", ", columns.Select(c => Identifier.Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        long rows = 0;
        while (await source.ReadAsync(cancellationToken))
        {
            rows++;
            await importer.StartRowAsync(cancellationToken);
            for (var i = 0; i < columns.Count; i++)
            {
                var value = source.GetValue(i);
                if (value is DBNull)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(CopyValue.Convert(value, columns[i], table, rows), types[i], cancellationToken);
                }
            }
        }
        await importer.CompleteAsync(cancellationToken);
        return rows;
    }

    /// <summary>Stores one key of the source's file key ring in the shared key table, inside the copy's transaction.</summary>
    public Task<string> AddKeyAsync(KeyRingEntry key, CancellationToken cancellationToken) =>
        DataProtectionKeyRepository.AddAsync(connection, Transaction, key.FriendlyName, key.Xml, key.CreatedAt, cancellationToken);

    /// <summary>
    /// Moves each identity column's sequence to the largest id copied, so the next row the portal writes takes the next
    /// id: the copied ids came from SQLite, not from the sequence (a table left empty keeps its sequence at the start).
    /// </summary>
    public async Task AdvanceIdentitiesAsync(CancellationToken cancellationToken)
    {
        var identities = await connection.QueryAsync<(string Table, string Column)>(new CommandDefinition(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'",
            transaction: Transaction, cancellationToken: cancellationToken));
        foreach (var (table, column) in identities)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"SELECT setval(pg_get_serial_sequence(@table, @column), MAX({Identifier.Quote(column)})) FROM {Identifier.Quote(table)} HAVING MAX({Identifier.Quote(column)}) IS NOT NULL",
                new { table = Identifier.Quote(table), column }, Transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>Commits the copy; what follows (the verification's reads) runs outside it.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await Transaction.CommitAsync(cancellationToken);
        await Transaction.DisposeAsync();
        _transaction = null;
    }

    public async Task<long> CountAsync(string table, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {Identifier.Quote(table)}", transaction: _transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyDictionary<string, JournalSequence>> JournalSequencesAsync(CancellationToken cancellationToken) =>
        (await connection.QueryAsync<JournalSequence>(new CommandDefinition(JournalSequence.Sql, transaction: _transaction, cancellationToken: cancellationToken)))
            .ToDictionary(s => s.ReleaseId, StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }
        await connection.DisposeAsync();
    }
}
