using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PortalRelease.Portal.Tests.Data;

/// <summary>
/// The portal's embedded migration scripts of each provider, applied with the providers' plain clients (not the
/// portal's migrator), and the schema they leave read back from each catalog, so the two can be compared.
/// </summary>
internal static class ProviderSchemas
{
    private const string Prefix = "PortalRelease.Portal.Data.Migrations.";

    /// <summary>The scripts of <paramref name="provider"/> (<c>Sqlite</c> or <c>Postgres</c>) in number order, by file name.</summary>
    public static IReadOnlyList<(string File, string Sql)> Scripts(string provider)
    {
        var assembly = typeof(PortalRelease.Portal.Data.DbTime).Assembly;
        var prefix = Prefix + provider + ".";
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (n[prefix.Length..], reader.ReadToEnd());
            })];
    }

    /// <summary>A SQLite file migrated by every SQLite script, each in its own transaction as the portal runs them.</summary>
    public static async Task<SqliteConnection> MigratedSqliteAsync(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await connection.OpenAsync();
        foreach (var (_, sql) in Scripts("Sqlite"))
        {
            // 0010's code step (a "-- @run" comment line here) chains existing journal rows: there are none.
            await using var transaction = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync(sql, transaction: transaction);
            await transaction.CommitAsync();
        }
        return connection;
    }

    /// <summary>Runs every PostgreSQL script, each as one multi-statement command in its own transaction.</summary>
    public static async Task MigratePostgresAsync(NpgsqlConnection connection)
    {
        foreach (var (file, sql) in Scripts("Postgres"))
        {
            await using var transaction = await connection.BeginTransactionAsync();
            try
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                await command.ExecuteNonQueryAsync();
            }
            catch (PostgresException ex)
            {
                throw new InvalidOperationException($"Postgres/{file} failed: {ex.SqlState} {ex.MessageText}", ex);
            }
            await transaction.CommitAsync();
        }
    }

    /// <summary>Each table's columns as "name NULL" or "name NOT NULL" (a primary key column is never null), sorted.</summary>
    public static async Task<SortedDictionary<string, string>> SqliteColumnsAsync(SqliteConnection connection)
    {
        var tables = await connection.QueryAsync<string>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var columns = await connection.QueryAsync<(string Name, long NotNull, long Pk)>(
                "SELECT name, \"notnull\", pk FROM pragma_table_info(@table)", new { table });
            result[table] = Describe(columns.Select(c => (c.Name, c.NotNull != 0 || c.Pk > 0)));
        }
        return result;
    }

    /// <summary>The same description of every table in PostgreSQL's public schema.</summary>
    public static async Task<SortedDictionary<string, string>> PostgresColumnsAsync(NpgsqlConnection connection)
    {
        var columns = await connection.QueryAsync<(string Table, string Name, string Nullable)>(
            "SELECT c.table_name, c.column_name, c.is_nullable FROM information_schema.columns c " +
            "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name " +
            "WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'");
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in columns.GroupBy(c => c.Table))
        {
            result[table.Key] = Describe(table.Select(c => (c.Name, c.Nullable == "NO")));
        }
        return result;
    }

    public static async Task<SortedSet<string>> SqliteNamesAsync(SqliteConnection connection, string type) =>
        new(await connection.QueryAsync<string>(
            "SELECT name FROM sqlite_master WHERE type = @type AND sql IS NOT NULL", new { type }), StringComparer.Ordinal);

    /// <summary>Indexes created by name (not those PostgreSQL makes for a primary key or unique constraint).</summary>
    public static async Task<SortedSet<string>> PostgresIndexesAsync(NpgsqlConnection connection) =>
        new(await connection.QueryAsync<string>(
            "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace " +
            "WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"), StringComparer.Ordinal);

    public static async Task<SortedSet<string>> PostgresTriggersAsync(NpgsqlConnection connection) =>
        new(await connection.QueryAsync<string>(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE n.nspname = 'public' AND NOT t.tgisinternal"), StringComparer.Ordinal);

    private static string Describe(IEnumerable<(string Name, bool NotNull)> columns) =>
        string.Join(", ", columns.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {(c.NotNull ? "NOT NULL" : "NULL")}")).Order(StringComparer.Ordinal));
}
