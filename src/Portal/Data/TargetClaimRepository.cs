using System.Data.Common;
using Dapper;

namespace PortalRelease.Portal.Data;

/// <summary>
/// Whether a release may take its targets now; when not, which release it waits behind and on which target.
/// <see cref="AlreadyHeld"/>: it held them before (journaled then), so there is nothing to record.
/// </summary>
public sealed record ClaimDecision(bool Granted, string? Behind, string? On, bool AlreadyHeld = false);

/// <summary>One target's holder and its waiting line, oldest first.</summary>
public sealed record TargetClaimQueue(string Target, string? Holder, IReadOnlyList<string> Waiting);

/// <summary>
/// The <c>target_claims</c> table: one release at a time per target, first created first served. Taking targets is
/// decided inside a journal append's transaction (<see cref="JournalAppender.DecideClaimAsync"/>), so the decision and the
/// event recording it commit together, and appends are serialised across nodes.
/// </summary>
public sealed class TargetClaimRepository(PortalDatabase database)
{
    // A class, not a positional record: Dapper matches a record's constructor by exact type, and the 0/1 flag comes back
    // as Int64 from SQLite and Int32 from PostgreSQL.
    private sealed class Row
    {
        public string Target { get; init; } = "";

        public string ReleaseId { get; init; } = "";

        public string CreatedAt { get; init; } = "";

        public long Holds { get; init; }
    }

    /// <summary>Puts a release in line for its targets (no-op for targets it is already in line for); <paramref name="holds"/> when its journal says it holds them.</summary>
    public async Task ClaimAsync(string releaseId, DateTimeOffset createdAt, IEnumerable<string> targets, bool holds, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await InsertAsync(connection, null, releaseId, createdAt, targets, holds, cancellationToken);
    }

    internal static Task InsertAsync(DbConnection connection, DbTransaction? transaction, string releaseId, DateTimeOffset createdAt, IEnumerable<string> targets, bool holds, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO target_claims (target, release_id, created_at, holds) VALUES (@target, @releaseId, @createdAt, @holds)
            ON CONFLICT (target, release_id) DO UPDATE SET holds = CASE WHEN excluded.holds = 1 THEN 1 ELSE target_claims.holds END
            """,
            targets.Distinct(StringComparer.Ordinal).Select(target => new { target, releaseId, createdAt = DbTime.Format(createdAt), holds = holds ? 1 : 0 }).ToList(),
            transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Inside the append's transaction: takes the release's targets when no other release holds one and none created
    /// before it waits for one; otherwise names the first release in its way (holders first, then by age).
    /// </summary>
    internal static async Task<ClaimDecision> DecideAsync(DbConnection connection, DbTransaction transaction, string releaseId, CancellationToken cancellationToken)
    {
        var mine = (await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT target AS Target, release_id AS ReleaseId, created_at AS CreatedAt, holds AS Holds FROM target_claims WHERE release_id = @releaseId",
            new { releaseId }, transaction, cancellationToken: cancellationToken))).ToList();
        if (mine.Count == 0)
        {
            throw new InvalidOperationException($"Release {releaseId} has not claimed its targets.");
        }
        if (mine.All(c => c.Holds == 1))
        {
            return new ClaimDecision(true, null, null, AlreadyHeld: true);
        }
        var createdAt = mine[0].CreatedAt;
        var parameters = new DynamicParameters(new { releaseId, createdAt });
        var blocker = await connection.QueryFirstOrDefaultAsync<(string ReleaseId, string Target)?>(new CommandDefinition(
            $"""
            SELECT o.release_id, o.target FROM target_claims o
            WHERE o.target IN {SqlList.Of(parameters, "target", mine.Select(c => c.Target))} AND o.release_id <> @releaseId
              AND (o.holds = 1 OR o.created_at < @createdAt OR (o.created_at = @createdAt AND o.release_id < @releaseId))
            ORDER BY o.holds DESC, o.created_at, o.release_id, o.target
            LIMIT 1
            """,
            parameters, transaction, cancellationToken: cancellationToken));
        if (blocker is { } way)
        {
            return new ClaimDecision(false, way.ReleaseId, way.Target);
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE target_claims SET holds = 1 WHERE release_id = @releaseId", new { releaseId }, transaction, cancellationToken: cancellationToken));
        return new ClaimDecision(true, null, null);
    }

    /// <summary>
    /// The release settled or was never created: its claims go. Returns the releases waiting for one of its targets, to be
    /// woken: those of its rows and of <paramref name="targets"/> (its plan's), since a line that found its rows left over
    /// may have removed them already (<see cref="Releases.Engine.TargetLocks.DropLeftoverAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<string>> FreeAsync(string releaseId, IReadOnlyCollection<string> targets, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var parameters = new DynamicParameters(new { releaseId });
        var waiting = (await connection.QueryAsync<string>(new CommandDefinition(
            $"""
            SELECT DISTINCT w.release_id FROM target_claims w
            WHERE w.holds = 0 AND w.release_id <> @releaseId
              AND (w.target IN (SELECT target FROM target_claims WHERE release_id = @releaseId) OR w.target IN {SqlList.Of(parameters, "target", targets)})
            """,
            parameters, transaction, cancellationToken: cancellationToken))).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM target_claims WHERE release_id = @releaseId", new { releaseId }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return waiting;
    }

    /// <summary>Who holds each target and who waits, in order: for the pages and the tests.</summary>
    public async Task<IReadOnlyList<TargetClaimQueue>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT target AS Target, release_id AS ReleaseId, created_at AS CreatedAt, holds AS Holds FROM target_claims ORDER BY target, created_at, release_id",
            cancellationToken: cancellationToken));
        return rows.GroupBy(r => r.Target, StringComparer.Ordinal)
            .Select(g => new TargetClaimQueue(g.Key, g.FirstOrDefault(r => r.Holds == 1)?.ReleaseId, g.Where(r => r.Holds == 0).Select(r => r.ReleaseId).ToList()))
            .ToList();
    }
}
