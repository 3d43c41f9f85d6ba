using System.Collections.Concurrent;
using System.Data.Common;
using PortalRelease.Plugins.DbMigrations.Database;
using PortalRelease.Plugins.DbMigrations.Migrations;
using PortalRelease.Plugins.DbMigrations.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.DbMigrations.Running;

/// <summary>
/// Runs a plan against the target database in ONE transaction that also holds the apply lock: the idempotency check,
/// the checksum check, the scripts, the journal rows and the call row commit together or not at all. A failure
/// anywhere (a script error, a lock timeout, cancellation) rolls everything back, so a retry with the same key
/// starts from the same state.
/// </summary>
internal sealed class MigrationRunner(TimeProvider time)
{
    // Calls in this process queue here first, so the database lock only arbitrates between processes.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>Runs the plan <paramref name="plan"/> builds from the journal, unless <paramref name="key"/> ran before.</summary>
    public async Task<ApplyResult> RunAsync(
        TargetContext target, DbSettings settings, MigrationCatalog catalog, string key, string releaseId, string version, string? cohort, int? weight,
        Func<IReadOnlyDictionary<string, JournalRow>, RoutingState, MigrationPlan> plan, Func<IReadOnlyDictionary<string, JournalRow>, List<string>> check,
        CancellationToken cancellationToken)
    {
        var dialect = MigrationDialect.For(settings.Provider);
        var gate = _gates.GetOrAdd(settings.ProviderName + "\n" + settings.ConnectionString, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await ConnectAsync(target, dialect, settings, cancellationToken);
            string? running = null;
            try
            {
                await using var transaction = await dialect.BeginLockedAsync(connection, settings.LockTimeout, cancellationToken);
                await ExecuteAsync(connection, transaction, dialect.JournalDdl, cancellationToken);
                var journal = new SchemaJournal(connection, transaction);
                if (await journal.FindCallAsync(key, cancellationToken) is { } earlier)
                {
                    return ApplyResult.AlreadyApplied($"Key '{key}' was already applied at {earlier.CalledAt} ({earlier.Action} {earlier.Version}): nothing changed. {earlier.Detail}");
                }

                var applied = MigrationPlanner.Applied(await journal.ReadJournalAsync(cancellationToken));
                var problems = check(applied);
                if (problems.Count > 0)
                {
                    throw new DriverException($"Refused, nothing was run on target '{target.Name}': {string.Join(" ", problems)}");
                }

                var steps = plan(applied, await journal.ReadStateAsync(cancellationToken));
                var now = time.GetUtcNow();
                foreach (var file in steps.Files)
                {
                    running = file.RelativePath;
                    await ExecuteAsync(connection, transaction, file.Sql, cancellationToken);
                    await journal.AppendJournalAsync(file.Version.Text, file.RelativePath, MigrationFile.PhaseName(file.Phase), file.Checksum, now, key, releaseId, cancellationToken);
                }

                running = null;
                await journal.AppendCallAsync(new CallRow(key, releaseId, steps.Action, version, cohort, weight, steps.After, steps.Detail, ""), now, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return ApplyResult.Applied(steps.Detail);
            }
            catch (DbException ex) when (dialect.IsLockTimeout(ex))
            {
                throw new DriverException(
                    $"Gave up waiting for a lock on the {settings.ProviderName} database of target '{target.Name}'{(running is null ? "" : $" while running {running}")}: "
                    + $"the lock timeout is {Durations.Describe(settings.LockTimeout)} and another session held the lock (another apply, or a long transaction). "
                    + "Nothing was changed; the call can be retried.", ex)
                { IsTransient = true };
            }
            catch (DbException ex) when (running is not null)
            {
                throw new DriverException(
                    $"Migration {running} failed on target '{target.Name}': {Redaction.Scrub(dialect.DescribeFailure(ex, catalog.ByPath.TryGetValue(running, out var failed) ? failed.Sql : ""), settings.ConnectionString)}. "
                    + "Nothing was changed: the call ran in one transaction that was rolled back.", ex);
            }
            catch (DbException ex)
            {
                throw new DriverException(
                    $"The {settings.ProviderName} database of target '{target.Name}' refused the migration journal: {Redaction.Scrub(ex.Message, settings.ConnectionString)}. Nothing was changed.", ex)
                { IsTransient = ex.IsTransient };
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Reads the journal and routing state without locking or creating anything (status, dry runs).</summary>
    public static async Task<(string Server, bool JournalExists, List<JournalRow> Journal, RoutingState State, CallRow? Call)> ReadAsync(
        TargetContext target, DbSettings settings, string? key, CancellationToken cancellationToken)
    {
        var dialect = MigrationDialect.For(settings.Provider);
        if (!dialect.Exists(settings.ConnectionString))
        {
            return ($"{settings.ProviderName} (the database file does not exist yet; the first apply creates it)", false, [], RoutingState.Empty, null);
        }

        await using var connection = await ConnectAsync(target, dialect, settings, cancellationToken);
        try
        {
            var server = $"{await dialect.DescribeServerAsync(connection, cancellationToken)}, reachable now";
            if (!await dialect.JournalExistsAsync(connection, cancellationToken))
            {
                return (server, false, [], RoutingState.Empty, null);
            }

            var journal = new SchemaJournal(connection, null);
            var call = key is null ? null : await journal.FindCallAsync(key, cancellationToken);
            return (server, true, await journal.ReadJournalAsync(cancellationToken), await journal.ReadStateAsync(cancellationToken), call);
        }
        catch (DbException ex)
        {
            throw new DriverException($"Could not read the migration journal of target '{target.Name}': {Redaction.Scrub(ex.Message, settings.ConnectionString)}", ex)
            { IsTransient = ex.IsTransient };
        }
    }

    private static async Task<DbConnection> ConnectAsync(TargetContext target, MigrationDialect dialect, DbSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await dialect.OpenAsync(settings.ConnectionString, settings.LockTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or ArgumentException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new DriverException(
                $"Cannot connect to the {settings.ProviderName} database of target '{target.Name}': {Redaction.Scrub(ex.Message, settings.ConnectionString)}", ex)
            { IsTransient = true };
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
