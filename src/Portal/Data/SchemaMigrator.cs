using System.Data.Common;
using System.Reflection;
using Dapper;

namespace PortalRelease.Portal.Data;

/// <summary>
/// Applies the provider's embedded <c>Data/Migrations/{Provider}/NNNN_name.sql</c> scripts not yet applied, in order, each
/// in its own transaction, recording what ran in <c>schema_version</c>. Both providers carry the same numbers, so a
/// version means the same schema on either. Runs under a cross-process lock: nodes starting together migrate once.
/// A database newer than the portal is refused.
/// </summary>
public sealed class SchemaMigrator(PortalDatabase database, ILogger<SchemaMigrator> logger)
{
    private const string Prefix = "PortalRelease.Portal.Data.Migrations.";

    private static readonly Dictionary<StorageProvider, IReadOnlyList<(int Version, string Name, string Sql)>> ScriptsByProvider =
        Enum.GetValues<StorageProvider>().ToDictionary(p => p, LoadScripts);

    /// <summary>The scripts of one provider, in version order.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> ScriptsFor(StorageProvider provider) => ScriptsByProvider[provider];

    /// <summary>The newest schema version this portal knows (the same on every provider).</summary>
    public static int LatestVersion => ScriptsByProvider[StorageProvider.Sqlite][^1].Version;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var scripts = ScriptsFor(database.Provider);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var migrationLock = await database.LockForMigrationAsync(connection, cancellationToken);
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_version")).ToHashSet();
        var latest = scripts.Count == 0 ? 0 : scripts[^1].Version;
        if (applied.Count > 0 && applied.Max() > latest)
        {
            throw new InvalidOperationException(
                $"The database schema is version {applied.Max()} but this portal knows versions up to {latest}. Run a newer portal or restore a backup.");
        }
        // Every missing version runs, not only those above the newest applied: migrations written in parallel
        // may land out of number order.
        foreach (var (version, name, sql) in scripts.Where(s => !applied.Contains(s.Version)))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await RunAsync(connection, transaction, name, sql, cancellationToken);
            await connection.ExecuteAsync(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @at)",
                new { version, name, at = DbTime.Format(DateTimeOffset.UtcNow) },
                transaction);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Applied schema migration {Version} {Name} ({Provider})", version, name, database.Provider);
        }
    }

    /// <summary>
    /// The newest schema version applied to the database (0 before any), read on a fresh connection: what readiness
    /// checks, so a node reports ready only once the database answers and is at the schema this portal runs.
    /// </summary>
    public async Task<int> AppliedVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken: cancellationToken));
        }
        catch (System.Data.Common.DbException error) when (!database.Dialect.IsTransient(error))
        {
            // No schema_version table yet: nothing applied.
            return 0;
        }
    }

    /// <summary>
    /// Runs a script's SQL; a line <c>-- @run Name</c> runs the code step of that name (<see cref="MigrationSteps"/>)
    /// at that point, in the same transaction: work SQL alone cannot do, such as hashing rows.
    /// </summary>
    private static async Task RunAsync(DbConnection connection, DbTransaction transaction, string name, string sql, CancellationToken cancellationToken)
    {
        var part = new System.Text.StringBuilder();
        foreach (var line in sql.Split('\n'))
        {
            if (!line.StartsWith(StepMarker, StringComparison.Ordinal))
            {
                part.Append(line).Append('\n');
                continue;
            }
            await ExecuteAsync(connection, transaction, part.ToString());
            part.Clear();
            var step = line[StepMarker.Length..].Trim();
            if (!MigrationSteps.All.TryGetValue(step, out var run))
            {
                throw new InvalidOperationException($"Migration {name} runs the code step '{step}', which this portal does not have.");
            }
            await run(connection, transaction, cancellationToken);
        }
        await ExecuteAsync(connection, transaction, part.ToString());
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql)
    {
        if (!string.IsNullOrWhiteSpace(sql))
        {
            await connection.ExecuteAsync(sql, transaction: transaction);
        }
    }

    private const string StepMarker = "-- @run ";

    private static IReadOnlyList<(int, string, string)> LoadScripts(StorageProvider provider)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var prefix = Prefix + provider + ".";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..];
                var version = int.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (version, file, reader.ReadToEnd());
            })
            .OrderBy(s => s.version)
            .ToList();
    }
}
