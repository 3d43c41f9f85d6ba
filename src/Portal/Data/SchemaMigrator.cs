using System.Reflection;
using Dapper;

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
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(sql, transaction: transaction);
            await connection.ExecuteAsync(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @at)",
                new { version, name, at = DateTimeOffset.UtcNow.ToString("O") },
                transaction);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Applied schema migration {Version} {Name}", version, name);
        }
    }

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
