using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace PortalRelease.Portal.Data;

/// <summary>
/// Applies the embedded <c>Data/Migrations/NNNN_name.sql</c> scripts not yet applied, in order, each in its own transaction,
/// recording what ran in <c>schema_version</c>. A database newer than the portal is refused.
/// </summary>
public sealed class SchemaMigrator(SqliteConnectionFactory connections, ILogger<SchemaMigrator> logger)
{
    private const string Prefix = "PortalRelease.Portal.Data.Migrations.";

    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; } = LoadScripts();

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_version")).ToHashSet();
        var latest = Scripts.Count == 0 ? 0 : Scripts[^1].Version;
        if (applied.Count > 0 && applied.Max() > latest)
        {
            throw new InvalidOperationException(
                $"The database schema is version {applied.Max()} but this portal knows versions up to {latest}. Run a newer portal or restore a backup.");
        }
        // Every missing version runs, not only those above the newest applied: migrations written in parallel
        // may land out of number order.
        foreach (var (version, name, sql) in Scripts.Where(s => !applied.Contains(s.Version)))
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await RunAsync(connection, transaction, name, sql, cancellationToken);
            await connection.ExecuteAsync(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @at)",
                new { version, name, at = DateTimeOffset.UtcNow.ToString("O") },
                transaction);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Applied schema migration {Version} {Name}", version, name);
        }
    }

    /// <summary>
    /// Runs a script's SQL; a line <c>-- @run Name</c> runs the code step of that name (<see cref="MigrationSteps"/>)
    /// at that point, in the same transaction: work SQL alone cannot do, such as hashing rows.
    /// </summary>
    private static async Task RunAsync(SqliteConnection connection, SqliteTransaction transaction, string name, string sql, CancellationToken cancellationToken)
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

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        if (!string.IsNullOrWhiteSpace(sql))
        {
            await connection.ExecuteAsync(sql, transaction: transaction);
        }
    }

    private const string StepMarker = "-- @run ";

    private static List<(int, string, string)> LoadScripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[Prefix.Length..];
                var version = int.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (version, file, reader.ReadToEnd());
            })
            .OrderBy(s => s.version)
            .ToList();
    }
}
