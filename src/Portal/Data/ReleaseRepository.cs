using Dapper;
using System.Data.Common;

namespace PortalRelease.Portal.Data;

public sealed class ReleaseRepository(PortalDatabase connections)
{
    private sealed record Row(string Id, string TemplateName, long TemplateVersion, string Version, string Parameters, string Plan, string CreatedAt, string CreatedBy)
    {
        public ReleaseRecord ToRecord() => new(Id, TemplateName, TemplateVersion, Version, Parameters, Plan, DbTime.Parse(CreatedAt), CreatedBy);
    }

    private const string Columns =
        "id AS Id, template_name AS TemplateName, template_version AS TemplateVersion, version AS Version, parameters AS Parameters, plan AS Plan, created_at AS CreatedAt, created_by AS CreatedBy";

    public async Task<ReleaseRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM releases WHERE id = @id", new { id });
        return row?.ToRecord();
    }

    /// <summary>The releases of <paramref name="ids"/> that exist, in one query.</summary>
    public async Task<IReadOnlyList<ReleaseRecord>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        var parameters = new DynamicParameters();
        var rows = await connection.QueryAsync<Row>($"SELECT {Columns} FROM releases WHERE id IN {SqlList.Of(parameters, "id", ids)}", parameters);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>The newest releases first.</summary>
    public async Task<IReadOnlyList<ReleaseRecord>> ListRecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>($"SELECT {Columns} FROM releases ORDER BY created_at DESC LIMIT @limit", new { limit });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// Ids of releases whose journal has not reached a final state, oldest first: the engine resumes these at start.
    /// A release is settled when its newest lifecycle event names a final state and nothing was requested after it.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListUnsettledAsync(IReadOnlyCollection<string> finalStates, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var parameters = new DynamicParameters();
        var ids = await connection.QueryAsync<string>(
            $"""
            SELECT r.id FROM releases r
            WHERE COALESCE((
                SELECT {connections.Dialect.JsonText("j.data", "to")} FROM journal j
                WHERE j.release_id = r.id AND j.type = 'StateChanged'
                ORDER BY j.seq DESC LIMIT 1), 'Proposed') NOT IN {SqlList.Of(parameters, "final", finalStates)}
               OR EXISTS (
                SELECT 1 FROM journal q WHERE q.release_id = r.id AND q.type = 'RollbackRequested'
                AND q.seq > COALESCE((SELECT MAX(s.seq) FROM journal s WHERE s.release_id = r.id AND s.type = 'StateChanged'), 0))
            ORDER BY r.created_at
            """,
            parameters);
        return ids.ToList();
    }

    /// <summary>The state a release's newest lifecycle event names (Proposed before any).</summary>
    public async Task<string> GetStateAsync(string releaseId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(
            $"SELECT {connections.Dialect.JsonText("j.data", "to")} FROM journal j WHERE j.release_id = @releaseId AND j.type = 'StateChanged' ORDER BY j.seq DESC LIMIT 1",
            new { releaseId }, cancellationToken: cancellationToken)) ?? "Proposed";
    }

    /// <summary>Every release with the state its newest lifecycle event names (Proposed before any).</summary>
    public async Task<IReadOnlyList<(string Id, string State)>> ListStatesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, string)>(
            new CommandDefinition(
                $"SELECT r.id, COALESCE((SELECT {connections.Dialect.JsonText("j.data", "to")} FROM journal j "
                + "WHERE j.release_id = r.id AND j.type = 'StateChanged' ORDER BY j.seq DESC LIMIT 1), 'Proposed') FROM releases r",
                cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>Inserts the release row inside the caller's transaction (the journal writer creates it with its first events).</summary>
    internal static Task InsertAsync(DbConnection connection, DbTransaction transaction, ReleaseRecord release) =>
        connection.ExecuteAsync(
            """
            INSERT INTO releases (id, template_name, template_version, version, parameters, plan, created_at, created_by)
            VALUES (@Id, @TemplateName, @TemplateVersion, @Version, @Parameters, @Plan, @CreatedAt, @CreatedBy)
            """,
            new
            {
                release.Id,
                release.TemplateName,
                release.TemplateVersion,
                release.Version,
                release.Parameters,
                release.Plan,
                CreatedAt = DbTime.Format(release.CreatedAt),
                release.CreatedBy,
            },
            transaction);
}
