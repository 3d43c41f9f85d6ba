using System.Text.Json;
using Dapper;
using PortalRelease.Portal.Audit;

namespace PortalRelease.Portal.Data;

/// <summary>
/// Reads of the audit log by filter, paged by id (the log's sequence) in either direction: keyset, so page 1,000 costs
/// what page 1 costs. Only <see cref="AuditReader"/> calls it.
/// </summary>
/// <remarks>
/// Every filter but an exact resource is a condition on a walk along the id index, never a range on another index:
/// SQLite would otherwise fetch every row in the range (half the table for a wide time range) and sort it by id before
/// returning the first 100. The walk stops at a page's worth of matches, so the worst case, a filter nothing matches,
/// reads the table once (about 0.1–0.2 s of CPU per million rows here; see docs/security.md). An exact resource (kind
/// and id) uses its index, which already lists rows of one resource in id order.
/// </remarks>
public sealed class AuditLogQueries(PortalDatabase connections)
{
    private const string Select = """
        SELECT id AS Id, at AS At, actor_id AS ActorId, actor_name AS ActorName, auth_method AS AuthMethod, address AS Address,
               action AS Action, resource_kind AS ResourceKind, resource_id AS ResourceId, outcome AS Outcome, details AS Details
        FROM audit_log
        """;

    /// <summary>Up to <paramref name="limit"/> entries with an id below <paramref name="before"/>, newest first.</summary>
    public Task<IReadOnlyList<AuditRecord>> NewestAsync(AuditFilter filter, long? before, int limit, CancellationToken cancellationToken) =>
        QueryAsync(filter, before is null ? [] : [("id < @before", "before", before.Value)], "id DESC", limit, cancellationToken);

    /// <summary>Up to <paramref name="limit"/> entries with an id above <paramref name="after"/> and at most <paramref name="upTo"/>, oldest first.</summary>
    public Task<IReadOnlyList<AuditRecord>> OldestAsync(AuditFilter filter, long after, long upTo, int limit, CancellationToken cancellationToken) =>
        QueryAsync(filter, [("id > @after", "after", after), ("id <= @upTo", "upTo", upTo)], "id", limit, cancellationToken);

    /// <summary>The newest entry's id (0 when the log is empty): an export reads up to here, so it is one moment's log.</summary>
    public async Task<long> HeadIdAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MAX(id) FROM audit_log", cancellationToken: cancellationToken)) ?? 0;
    }

    private async Task<IReadOnlyList<AuditRecord>> QueryAsync(
        AuditFilter filter, IReadOnlyList<(string Sql, string Name, long Value)> bounds, string order, int limit, CancellationToken cancellationToken)
    {
        var (where, parameters) = Where(filter);
        foreach (var (sql, name, value) in bounds)
        {
            where.Add(sql);
            parameters.Add(name, value);
        }
        parameters.Add("limit", limit);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Select} {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))} ORDER BY {order} LIMIT @limit",
            parameters,
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    // NotIndexed keeps SQLite from driving the query by that column's index (see the remarks above): a unary + there,
    // the bare column on PostgreSQL, which plans by statistics and has no + for text.
    private (List<string> Where, DynamicParameters Parameters) Where(AuditFilter filter)
    {
        var plain = connections.Dialect.NotIndexed;
        var where = new List<string>();
        var parameters = new DynamicParameters();
        if (filter.Actor is { } actor)
        {
            where.Add($"({Match(plain("actor_id"), "actor", actor.Kind)} OR {Match(plain("actor_name"), "actor", actor.Kind)})");
            parameters.Add("actor", actor.Value);
        }
        if (filter.Action is { } action)
        {
            where.Add(Match(plain("action"), "action", action.Kind));
            parameters.Add("action", action.Value);
        }
        if (filter is { ResourceKind: { } kind, ResourceId: { } id })
        {
            where.Add("resource_kind = @kind AND resource_id = @resourceId");
            parameters.Add("kind", kind);
            parameters.Add("resourceId", id);
        }
        else if (filter.ResourceKind is { } onlyKind)
        {
            where.Add($"{plain("resource_kind")} = @kind");
            parameters.Add("kind", onlyKind);
        }
        else if (filter.ResourceId is { } onlyId)
        {
            where.Add($"{plain("resource_id")} = @resourceId");
            parameters.Add("resourceId", onlyId);
        }
        if (filter.From is { } from)
        {
            where.Add($"{plain("at")} >= @from");
            parameters.Add("from", DbTime.Format(from));
        }
        if (filter.To is { } to)
        {
            where.Add($"{plain("at")} < @to");
            parameters.Add("to", DbTime.Format(to));
        }
        if (filter.Outcome is { } outcome)
        {
            where.Add($"{plain("outcome")} = @outcome");
            parameters.Add("outcome", outcome);
        }
        return (where, parameters);
    }

    // Prefixes compare with substr, not LIKE: nothing a user types needs escaping, and case matters as it is stored.
    private static string Match(string column, string parameter, AuditMatchKind kind) => kind switch
    {
        AuditMatchKind.Exact => $"{column} = @{parameter}",
        AuditMatchKind.Prefix => $"substr({column}, 1, length(@{parameter})) = @{parameter}",
        _ => $"({column} = @{parameter} OR substr({column}, 1, length(@{parameter}) + 1) = @{parameter} || '.')",
    };

    private sealed record Row(long Id, string At, string ActorId, string ActorName, string AuthMethod, string? Address, string Action, string ResourceKind, string ResourceId, string Outcome, string Details)
    {
        public AuditRecord ToRecord()
        {
            using var details = JsonDocument.Parse(Details);
            return new AuditRecord(Id, DbTime.Parse(At), ActorId, ActorName, AuthMethod, Address, Action, ResourceKind, ResourceId, Outcome, details.RootElement.Clone());
        }
    }
}
