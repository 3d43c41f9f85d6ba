using Dapper;

namespace PortalRelease.Portal.Data;

/// <summary>A service account as stored.</summary>
public sealed record ServiceAccountRecord(
    string Name, string DisplayName, string Description, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt, string? DisabledBy);

/// <summary>The <c>service_accounts</c> table (and, when one is disabled, its tokens in <c>api_tokens</c>).</summary>
public sealed class ServiceAccountRepository(PortalDatabase connections)
{
    private sealed record Row(string Name, string DisplayName, string Description, string CreatedBy, string CreatedAt, string? DisabledAt, string? DisabledBy)
    {
        public ServiceAccountRecord ToRecord() =>
            new(Name, DisplayName, Description, CreatedBy, DbTime.Parse(CreatedAt), DisabledAt is null ? null : DbTime.Parse(DisabledAt), DisabledBy);
    }

    private const string Columns =
        """
        name AS Name, display_name AS DisplayName, description AS Description, created_by AS CreatedBy, created_at AS CreatedAt,
        disabled_at AS DisabledAt, disabled_by AS DisabledBy
        """;

    /// <summary>Creates the account; false when the name is taken (nothing changes then).</summary>
    public async Task<bool> InsertAsync(ServiceAccountRecord account, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO service_accounts (name, display_name, description, created_by, created_at)
            VALUES (@Name, @DisplayName, @Description, @CreatedBy, @createdAt)
            ON CONFLICT (name) DO NOTHING
            """,
            new { account.Name, account.DisplayName, account.Description, account.CreatedBy, createdAt = DbTime.Format(account.CreatedAt) },
            cancellationToken: cancellationToken)) == 1;
    }

    public async Task<ServiceAccountRecord?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM service_accounts WHERE name = @name", new { name }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<ServiceAccountRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM service_accounts ORDER BY name", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// Disables an enabled account and revokes its live tokens in one transaction, returning the revoked token ids; null
    /// when there is no enabled account of that name.
    /// </summary>
    public async Task<IReadOnlyList<string>?> DisableAsync(string name, string by, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var disabled = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE service_accounts SET disabled_at = @now, disabled_by = @by WHERE name = @name AND disabled_at IS NULL",
            new { name, by, now = DbTime.Format(now) },
            transaction,
            cancellationToken: cancellationToken));
        if (disabled == 0)
        {
            return null;
        }
        var revoked = (await connection.QueryAsync<string>(new CommandDefinition(
            """
            UPDATE api_tokens SET revoked_at = @now, revoked_by = @by
            WHERE service_account = @name AND revoked_at IS NULL
            RETURNING id
            """,
            new { name, by, now = DbTime.Format(now) },
            transaction,
            cancellationToken: cancellationToken))).Order(StringComparer.Ordinal).ToList();
        await transaction.CommitAsync(cancellationToken);
        return revoked;
    }
}
