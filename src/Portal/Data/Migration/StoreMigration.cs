using System.Globalization;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data.Postgres;
using PortalRelease.Portal.Data.Sqlite;

namespace PortalRelease.Portal.Data.Migration;

/// <summary>
/// Copies a SQLite portal into an empty PostgreSQL database and proves the copy: both brought to the newest schema,
/// every table copied in one transaction (foreign-key order, binary COPY), the identity sequences moved past the copied
/// ids, then row counts, every release's journal sequence and the audit chains checked on the target.
/// </summary>
internal sealed class StoreMigration(
    SqliteDatabase sourceDatabase, SchemaMigrator sourceMigrator,
    PostgresDatabase targetDatabase, SchemaMigrator targetMigrator,
    AuditVerifier targetVerifier, IReadOnlyList<KeyRingEntry> keys, TextWriter output)
{
    private const string KeyTable = "data_protection_keys";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync(sourceMigrator, "source", cancellationToken);
        await MigrateAsync(targetMigrator, "target", cancellationToken);

        await using var source = await SqliteSource.OpenAsync(sourceDatabase, cancellationToken);
        await using var target = new PostgresTarget(await targetDatabase.OpenNpgsqlAsync(cancellationToken));
        var plan = CopyPlan.Match(await source.TablesAsync(cancellationToken), await target.ColumnsAsync(cancellationToken));

        await target.BeginAsync(plan.Select(t => t.Name), cancellationToken);
        var holding = (await target.TablesWithRowsAsync(plan.Select(t => t.Name), cancellationToken))
            .Where(t => !PostgresTarget.WrittenBySchema.Contains(t)).ToList();
        if (holding.Count > 0)
        {
            throw new StoreMigrationException(StoreMigrationExit.BadInput,
                $"The target database already holds a portal's data (rows in {string.Join(", ", holding)}): migrate-store never merges two portals. Give it an empty database.");
        }

        var copied = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in plan)
        {
            if (PostgresTarget.WrittenBySchema.Contains(table.Name))
            {
                await target.ClearSeededAsync(table.Name, cancellationToken);
            }
            await using var rows = await source.ReadAsync(table.Name, table.Columns.Select(c => c.Name).ToList(), cancellationToken);
            copied[table.Name] = await target.CopyAsync(table.Name, table.Columns, rows, cancellationToken);
        }
        // The SQLite portal kept its key ring in files; the nodes read theirs from the table.
        foreach (var key in keys)
        {
            await target.AddKeyAsync(key, cancellationToken);
        }
        copied[KeyTable] = copied.GetValueOrDefault(KeyTable) + keys.Count;
        await target.AdvanceIdentitiesAsync(cancellationToken);
        await target.CommitAsync(cancellationToken);

        await VerifyAsync(plan, copied, source, target, cancellationToken);
    }

    private static async Task MigrateAsync(SchemaMigrator migrator, string which, CancellationToken cancellationToken)
    {
        try
        {
            await migrator.MigrateAsync(cancellationToken);
        }
        catch (InvalidOperationException newer)
        {
            // A database of a newer portal: this one must not copy what it does not know.
            throw new StoreMigrationException(StoreMigrationExit.BadInput, $"The {which}: {newer.Message}", newer);
        }
        catch (Microsoft.Data.Sqlite.SqliteException notADatabase) when (notADatabase.SqliteErrorCode == 26)
        {
            throw new StoreMigrationException(StoreMigrationExit.BadInput, $"The {which} is not a SQLite database: {notADatabase.Message}", notADatabase);
        }
    }

    private async Task VerifyAsync(IReadOnlyList<TableCopy> plan, Dictionary<string, long> copied, SqliteSource source, PostgresTarget target, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var lines = new List<string>();
        foreach (var table in plan)
        {
            var (expected, found) = (await source.CountAsync(table.Name, cancellationToken), await target.CountAsync(table.Name, cancellationToken));
            if (table.Name == KeyTable)
            {
                expected += keys.Count;
            }
            var same = expected == found && copied[table.Name] == expected;
            lines.Add(same
                ? $"{table.Name}: {Rows(found)} copied, verified"
                : $"{table.Name}: {Rows(copied[table.Name])} copied, DIFFERS: the source has {Figure(expected)}, the target {Figure(found)}");
            if (!same)
            {
                problems.Add($"{table.Name} has {Figure(expected)} rows in the source and {Figure(found)} in the target");
            }
        }

        var journals = JournalComparison.Compare(await source.JournalSequencesAsync(cancellationToken), await target.JournalSequencesAsync(cancellationToken));
        problems.AddRange(journals.Problems);
        lines.Add(journals.Problems.Count == 0
            ? $"journal sequences: {Releases(journals.Releases)}, the same count and last seq as the source, gapless"
            : $"journal sequences: {Releases(journals.Problems.Count)} DIFFER");

        var audit = await targetVerifier.VerifyAsync(cancellationToken);
        lines.Add(audit.Ok
            ? $"audit chains: {string.Join(", ", audit.Chains.Select(c => c.Table))} verify on the target"
            : $"audit chains: DO NOT VERIFY on the target: {audit.FirstProblem}");
        if (!audit.Ok)
        {
            problems.Add($"the audit chains do not verify on the target: {audit.FirstProblem}");
        }

        foreach (var line in lines)
        {
            await output.WriteLineAsync(line);
        }
        if (problems.Count > 0)
        {
            throw new StoreMigrationException(StoreMigrationExit.Failed,
                $"Copied, but the copy does not verify (the target is left as it is, for inspection): {string.Join("; ", problems.Take(10))}"
                + (problems.Count > 10 ? $"; and {problems.Count - 10} more" : ""));
        }
        await output.WriteLineAsync(
            $"key ring: {(keys.Count == 1 ? "1 key file" : $"{Figure(keys.Count)} key files")} from keys/ stored in {KeyTable}, encrypted to the certificate of "
            + $"{Targets.KeyRingOptions.Section}:Certificate. Target secrets were copied as they are stored: every node needs that certificate to read them.");
        await output.WriteLineAsync(
            $"migrate-store: copied and verified {plan.Count} tables, {Rows(copied.Values.Sum())}.");
    }

    private static string Figure(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Rows(long count) => count == 1 ? "1 row" : $"{Figure(count)} rows";

    private static string Releases(long count) => count == 1 ? "1 release" : $"{Figure(count)} releases";
}
