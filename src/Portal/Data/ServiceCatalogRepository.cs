using Dapper;
using PortalRelease.Portal.Ownership;

namespace PortalRelease.Portal.Data;

/// <summary>The <c>services</c> table: the service catalog, who owns what.</summary>
public sealed class ServiceCatalogRepository(PortalDatabase connections)
{
    private const string Columns =
        "name AS Name, team AS Team, description AS Description, created_by AS CreatedBy, created_at AS CreatedAt, updated_by AS UpdatedBy, updated_at AS UpdatedAt";

    private sealed record Row(string Name, string Team, string Description, string CreatedBy, string CreatedAt, string UpdatedBy, string UpdatedAt)
    {
        public ServiceEntry ToEntry() => new(Name, Team, Description, CreatedBy, DbTime.Parse(CreatedAt), UpdatedBy, DbTime.Parse(UpdatedAt));
    }

    public async Task<IReadOnlyList<ServiceEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM services ORDER BY name", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEntry()).ToList();
    }

    public async Task<ServiceEntry?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM services WHERE name = @name", new { name }, cancellationToken: cancellationToken));
        return row?.ToEntry();
    }

    /// <summary>
    /// Inserts the service, or updates its team and description keeping who created it; the stored row. Other nodes
    /// are told in the same transaction to reload the catalog.
    /// </summary>
    public async Task<ServiceEntry> UpsertAsync(ServiceEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(
            $"""
            INSERT INTO services (name, team, description, created_by, created_at, updated_by, updated_at)
            VALUES (@name, @team, @description, @createdBy, @createdAt, @updatedBy, @updatedAt)
            ON CONFLICT (name) DO UPDATE SET team = excluded.team, description = excluded.description,
                updated_by = excluded.updated_by, updated_at = excluded.updated_at
            RETURNING {Columns}
            """,
            new
            {
                name = entry.Name, team = entry.Team, description = entry.Description,
                createdBy = entry.CreatedBy, createdAt = DbTime.Format(entry.CreatedAt),
                updatedBy = entry.UpdatedBy, updatedAt = DbTime.Format(entry.UpdatedAt),
            },
            transaction,
            cancellationToken: cancellationToken));
        await ClusterChange.SignalAsync(connections, connection, transaction, ClusterChange.Services, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return row.ToEntry();
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition("DELETE FROM services WHERE name = @name", new { name }, transaction, cancellationToken: cancellationToken)) == 1;
        await ClusterChange.SignalAsync(connections, connection, transaction, ClusterChange.Services, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }
}
