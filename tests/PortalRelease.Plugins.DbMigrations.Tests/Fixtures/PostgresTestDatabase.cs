using System.Globalization;
using Npgsql;

namespace PortalRelease.Plugins.DbMigrations.Tests.Fixtures;

/// <summary>A fresh database on the run's PostgreSQL server, dropped on dispose.</summary>
public sealed class PostgresTestDatabase : ITestDatabase
{
    private readonly PostgresServer _server;
    private readonly string _name;

    private PostgresTestDatabase(PostgresServer server, string name)
    {
        _server = server;
        _name = name;
        ConnectionString = server.ConnectionStringFor(name);
    }

    public static async Task<PostgresTestDatabase> CreateAsync(PostgresServer server) => new(server, await server.CreateDatabaseAsync());

    public string Provider => "postgresql";

    public string ConnectionString { get; }

    public async Task<List<string[]>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var rows = new List<string[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!).ToArray());
        }

        return rows;
    }

    public async Task<List<string>> ColumnsAsync(string table) =>
        (await QueryAsync($"SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}' ORDER BY ordinal_position;"))
            .Select(r => r[0]).ToList();

    public async Task<bool> TableExistsAsync(string table) =>
        (await QueryAsync($"SELECT to_regclass('public.{table}') IS NOT NULL;"))[0][0] == "True";

    public async Task<IAsyncDisposable> HoldLockAsync(string table)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE;", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new SqliteTestDatabase.Holder(async () =>
        {
            await transaction.RollbackAsync();
            await connection.DisposeAsync();
        });
    }

    /// <summary>Holds the driver's advisory lock from another session, as a concurrent apply would.</summary>
    public async Task<IAsyncDisposable> HoldAdvisoryLockAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(123623963910508);", connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new SqliteTestDatabase.Holder(async () => await connection.DisposeAsync());
    }

    public async ValueTask DisposeAsync() => await _server.DropDatabaseAsync(_name);
}
