using System.Text.Json;
using Dapper;
using System.Data.Common;
using PortalRelease.Portal.Identity.Access;

namespace PortalRelease.Portal.Data;

/// <summary>The <c>access_grants</c> table: the grants admins made (settings grants are not stored).</summary>
public sealed class AccessGrantRepository(PortalDatabase connections)
{
    private sealed record Row(string Id, string SubjectKind, string Subject, string Role, string Environments, string Services, string? Teams, string CreatedBy, string CreatedAt)
    {
        // Grants made before teams existed have none stored: every team, as they always meant.
        public AccessGrant ToGrant() => new(
            Id, Enum.Parse<GrantSubjectKind>(SubjectKind, ignoreCase: true), Subject, Role,
            JsonSerializer.Deserialize<List<string>>(Environments) ?? [], JsonSerializer.Deserialize<List<string>>(Services) ?? [],
            AccessGrant.FromDatabase, CreatedBy, DbTime.Parse(CreatedAt))
        {
            Teams = Teams is null ? [ScopePattern.Any] : JsonSerializer.Deserialize<List<string>>(Teams) ?? [ScopePattern.Any],
        };
    }

    public async Task<IReadOnlyList<AccessGrant>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ListAsync(connection, null, cancellationToken);
    }

    internal static async Task<IReadOnlyList<AccessGrant>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT id AS Id, subject_kind AS SubjectKind, subject AS Subject, role AS Role, environments AS Environments,
                   services AS Services, teams AS Teams, created_by AS CreatedBy, created_at AS CreatedAt
            FROM access_grants ORDER BY created_at, id
            """,
            transaction: transaction,
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToGrant()).ToList();
    }

    /// <summary>Stores a grant and, in the same transaction, tells the other nodes to forget their cached grants.</summary>
    public async Task InsertAsync(AccessGrant grant, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO access_grants (id, subject_kind, subject, role, environments, services, teams, created_by, created_at)
            VALUES (@Id, @kind, @Subject, @Role, @environments, @services, @teams, @createdBy, @createdAt)
            """,
            new
            {
                grant.Id, kind = grant.Kind.ToString().ToLowerInvariant(), grant.Subject, grant.Role,
                environments = JsonSerializer.Serialize(grant.Environments), services = JsonSerializer.Serialize(grant.Services), teams = JsonSerializer.Serialize(grant.Teams),
                createdBy = grant.CreatedBy ?? "", createdAt = DbTime.Format(grant.CreatedAt ?? DateTimeOffset.UnixEpoch),
            },
            transaction,
            cancellationToken: cancellationToken));
        await ClusterChange.SignalAsync(connections, connection, transaction, ClusterChange.Access, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Deletes a stored grant inside the caller's transaction; false when there is none.</summary>
    internal static async Task<bool> DeleteAsync(DbConnection connection, DbTransaction transaction, string id, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM access_grants WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken)) == 1;
}
