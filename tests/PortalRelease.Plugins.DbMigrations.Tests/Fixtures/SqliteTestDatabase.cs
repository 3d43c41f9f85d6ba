using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PortalRelease.Plugins.DbMigrations.Tests.Fixtures;

/// <summary>A SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteTestDatabase : ITestDatabase
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dbmig-sqlite-").FullName;

    public SqliteTestDatabase()
    {
        // No pooling: the test's own connections must not keep the file open after dispose.
        ConnectionString = $"Data Source={Path.Combine(_folder, "app.db")};Pooling=False";
    }

    public string Provider => "sqlite";

    public string ConnectionString { get; }

    public async Task<List<string[]>> QueryAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
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
        (await QueryAsync($"SELECT name FROM pragma_table_info('{table}') ORDER BY cid;")).Select(r => r[0]).ToList();

    public async Task<bool> TableExistsAsync(string table) =>
        (await QueryAsync($"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}';"))[0][0] == "1";

    public async Task<IAsyncDisposable> HoldLockAsync(string table)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        var transaction = connection.BeginTransaction(deferred: false);
        return new Holder(async () =>
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        });
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    internal sealed class Holder(Func<Task> release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await release();
    }
}
