using System.Data.Common;
using System.Globalization;

namespace PortalRelease.Plugins.DbMigrations.Database;

/// <summary>
/// Reads and appends the driver's two tables inside the target database. Rows are only ever inserted, in the same
/// transaction as the migrations they describe, so the journal and the schema never disagree.
/// </summary>
internal sealed class SchemaJournal(DbConnection connection, DbTransaction? transaction)
{
    public async Task<CallRow?> FindCallAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = Command(
            $"SELECT idempotency_key, release_id, action, version, cohort, weight, stable_version, canary_version, canary_weight, preview_version, previous_version, detail, called_at FROM {MigrationDialect.CallsTable} WHERE idempotency_key = @key;");
        Add(command, "key", key);
        return (await ReadCallsAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<RoutingState> ReadStateAsync(CancellationToken cancellationToken)
    {
        await using var command = Command(
            $"SELECT idempotency_key, release_id, action, version, cohort, weight, stable_version, canary_version, canary_weight, preview_version, previous_version, detail, called_at FROM {MigrationDialect.CallsTable} ORDER BY seq DESC LIMIT 1;");
        return (await ReadCallsAsync(command, cancellationToken)).FirstOrDefault()?.State ?? RoutingState.Empty;
    }

    public async Task<List<JournalRow>> ReadJournalAsync(CancellationToken cancellationToken)
    {
        await using var command = Command(
            $"SELECT id, version, file, phase, checksum, applied_at, idempotency_key, release_id FROM {MigrationDialect.JournalTable} ORDER BY id;");
        var rows = new List<JournalRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new JournalRow(
                Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), Text(reader.GetValue(5)), reader.GetString(6), reader.GetString(7)));
        }

        return rows;
    }

    public async Task AppendJournalAsync(string version, string file, string phase, string checksum, DateTimeOffset at, string key, string releaseId, CancellationToken cancellationToken)
    {
        await using var command = Command(
            $"INSERT INTO {MigrationDialect.JournalTable} (version, file, phase, checksum, applied_at, idempotency_key, release_id) VALUES (@version, @file, @phase, @checksum, @at, @key, @release);");
        Add(command, "version", version);
        Add(command, "file", file);
        Add(command, "phase", phase);
        Add(command, "checksum", checksum);
        Add(command, "at", at.ToUniversalTime());
        Add(command, "key", key);
        Add(command, "release", releaseId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task AppendCallAsync(CallRow call, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = Command(
            $"""
            INSERT INTO {MigrationDialect.CallsTable}
                (idempotency_key, release_id, action, version, cohort, weight, stable_version, canary_version, canary_weight, preview_version, previous_version, detail, called_at)
            VALUES (@key, @release, @action, @version, @cohort, @weight, @stable, @canary, @canaryWeight, @preview, @previous, @detail, @at);
            """);
        Add(command, "key", call.IdempotencyKey);
        Add(command, "release", call.ReleaseId);
        Add(command, "action", call.Action);
        Add(command, "version", call.Version);
        Add(command, "cohort", call.Cohort);
        Add(command, "weight", call.Weight);
        Add(command, "stable", call.State.Stable);
        Add(command, "canary", call.State.Canary);
        Add(command, "canaryWeight", call.State.CanaryWeight);
        Add(command, "preview", call.State.Preview);
        Add(command, "previous", call.State.Previous);
        Add(command, "detail", call.Detail);
        Add(command, "at", at.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<CallRow>> ReadCallsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<CallRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new CallRow(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                NullableString(reader, 4), reader.IsDBNull(5) ? null : Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture),
                new RoutingState(NullableString(reader, 6), NullableString(reader, 7), Convert.ToInt32(reader.GetValue(8), CultureInfo.InvariantCulture), NullableString(reader, 9), NullableString(reader, 10)),
                reader.GetString(11), Text(reader.GetValue(12))));
        }

        return rows;
    }

    private DbCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string Text(object value) => value switch
    {
        DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)).ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset offset => offset.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
