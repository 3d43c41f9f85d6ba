namespace PortalRelease.Plugins.DbMigrations.Tests.Fixtures;

/// <summary>A real, empty database for one test, SQLite or PostgreSQL, read back with plain SQL.</summary>
public interface ITestDatabase : IAsyncDisposable
{
    /// <summary><c>sqlite</c> or <c>postgresql</c>.</summary>
    string Provider { get; }

    string ConnectionString { get; }

    /// <summary>Every row of a query, each value as invariant text (null as <c>null</c>).</summary>
    Task<List<string[]>> QueryAsync(string sql);

    /// <summary>The columns of a table, in order; empty when it does not exist.</summary>
    Task<List<string>> ColumnsAsync(string table);

    /// <summary>Whether a table exists.</summary>
    Task<bool> TableExistsAsync(string table);

    /// <summary>
    /// Holds, from another connection, a lock the next migration touching <paramref name="table"/> must wait for
    /// (SQLite: the database's write lock; PostgreSQL: ACCESS EXCLUSIVE on the table) until the result is disposed.
    /// </summary>
    Task<IAsyncDisposable> HoldLockAsync(string table);
}
