using System.Data.Common;
using PortalRelease.Plugins.DbMigrations.Settings;

namespace PortalRelease.Plugins.DbMigrations.Database;

/// <summary>What differs between the databases: connecting, the apply lock, the lock timeout, the journal's DDL.</summary>
internal abstract class MigrationDialect
{
    public const string JournalTable = "portal_schema_journal";
    public const string CallsTable = "portal_schema_calls";

    public static MigrationDialect For(DbProvider provider) => provider == DbProvider.Sqlite ? new SqliteDialect() : new PostgresDialect();

    /// <summary>How the apply lock is taken, for the dry run's plan.</summary>
    public abstract string LockDescription(TimeSpan lockTimeout);

    /// <summary>The DDL that creates the journal tables when missing.</summary>
    public abstract string JournalDdl { get; }

    /// <summary>Opens a connection with the lock timeout applied to every statement that waits for a lock.</summary>
    public abstract Task<DbConnection> OpenAsync(string connectionString, TimeSpan lockTimeout, CancellationToken cancellationToken);

    /// <summary>Whether the database exists, for reads that must not create it (a SQLite file is created by opening it).</summary>
    public virtual bool Exists(string connectionString) => true;

    /// <summary>Starts the apply's one transaction, holding the database-wide lock that keeps two applies from interleaving.</summary>
    public abstract Task<DbTransaction> BeginLockedAsync(DbConnection connection, TimeSpan lockTimeout, CancellationToken cancellationToken);

    /// <summary>Whether the journal tables exist (reads never create them).</summary>
    public abstract Task<bool> JournalExistsAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The server's name and version, for status and plans.</summary>
    public abstract Task<string> DescribeServerAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Whether the failure is a statement giving up on a lock after the lock timeout.</summary>
    public abstract bool IsLockTimeout(Exception exception);

    /// <summary>The database's own message for a failed statement, with the line of the script where the server says it is.</summary>
    public abstract string DescribeFailure(DbException exception, string sql);
}
