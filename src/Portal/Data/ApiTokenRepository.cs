using System.Text.Json;
using Dapper;

namespace PortalRelease.Portal.Data;

/// <summary>An API token as stored: never its secret, only the secret's hash.</summary>
public sealed record ApiTokenRecord(
    string Id,
    string Subject,
    string SubjectName,
    IReadOnlyList<string> Groups,
    string Name,
    string SecretHash,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? RevokedBy,
    DateTimeOffset? LastUsedAt,
    string? LastUsedAddress,
    string? ScopeRole = null,
    IReadOnlyList<string>? ScopeEnvironments = null,
    IReadOnlyList<string>? ScopeServices = null,
    string? ServiceAccount = null,
    IReadOnlyList<string>? ScopeTeams = null);

/// <summary>The <c>api_tokens</c> table.</summary>
public sealed class ApiTokenRepository(PortalDatabase connections)
{
    private sealed record Row(
        string Id, string Subject, string SubjectName, string Groups, string Name, string SecretHash, string CreatedBy, string CreatedAt,
        string ExpiresAt, string? RevokedAt, string? RevokedBy, string? LastUsedAt, string? LastUsedAddress, string? ScopeRole,
        string? ScopeEnvironments, string? ScopeServices, string? ServiceAccount, string? ScopeTeams)
    {
        public ApiTokenRecord ToRecord() => new(
            Id, Subject, SubjectName, JsonSerializer.Deserialize<List<string>>(Groups) ?? [], Name, SecretHash, CreatedBy, DbTime.Parse(CreatedAt),
            DbTime.Parse(ExpiresAt), RevokedAt is null ? null : DbTime.Parse(RevokedAt), RevokedBy,
            LastUsedAt is null ? null : DbTime.Parse(LastUsedAt), LastUsedAddress,
            ScopeRole, List(ScopeEnvironments), List(ScopeServices), ServiceAccount, List(ScopeTeams));

        private static List<string>? List(string? json) => json is null ? null : JsonSerializer.Deserialize<List<string>>(json);
    }

    private const string Columns =
        """
        id AS Id, subject AS Subject, subject_name AS SubjectName, groups AS Groups, name AS Name, secret_hash AS SecretHash,
        created_by AS CreatedBy, created_at AS CreatedAt, expires_at AS ExpiresAt, revoked_at AS RevokedAt, revoked_by AS RevokedBy,
        last_used_at AS LastUsedAt, last_used_address AS LastUsedAddress, scope_role AS ScopeRole,
        scope_environments AS ScopeEnvironments, scope_services AS ScopeServices, service_account AS ServiceAccount,
        scope_teams AS ScopeTeams
        """;

    public async Task InsertAsync(ApiTokenRecord token, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO api_tokens (id, subject, subject_name, groups, name, secret_hash, created_by, created_at, expires_at,
                                    scope_role, scope_environments, scope_services, service_account, scope_teams)
            VALUES (@Id, @Subject, @SubjectName, @groups, @Name, @SecretHash, @CreatedBy, @createdAt, @expiresAt,
                    @ScopeRole, @environments, @services, @ServiceAccount, @teams)
            """,
            new
            {
                token.Id, token.Subject, token.SubjectName, groups = JsonSerializer.Serialize(token.Groups), token.Name, token.SecretHash, token.CreatedBy,
                createdAt = DbTime.Format(token.CreatedAt), expiresAt = DbTime.Format(token.ExpiresAt), token.ScopeRole,
                environments = token.ScopeEnvironments is null ? null : JsonSerializer.Serialize(token.ScopeEnvironments),
                services = token.ScopeServices is null ? null : JsonSerializer.Serialize(token.ScopeServices), token.ServiceAccount,
                teams = token.ScopeTeams is null ? null : JsonSerializer.Serialize(token.ScopeTeams),
            },
            cancellationToken: cancellationToken));
    }

    public async Task<ApiTokenRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM api_tokens WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    /// <summary>A person's own tokens (or every token when <paramref name="subject"/> is null), newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenRecord>> ListAsync(string? subject, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM api_tokens WHERE @subject IS NULL OR (subject = @subject AND service_account IS NULL) ORDER BY created_at DESC",
            new { subject },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>The tokens of one service account, newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenRecord>> ListForServiceAccountAsync(string serviceAccount, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM api_tokens WHERE service_account = @serviceAccount ORDER BY created_at DESC",
            new { serviceAccount },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>Revokes a live token; false when it does not exist or was already revoked.</summary>
    public async Task<bool> RevokeAsync(string id, string by, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_tokens SET revoked_at = @now, revoked_by = @by WHERE id = @id AND revoked_at IS NULL",
            new { id, by, now = DbTime.Format(now) },
            cancellationToken: cancellationToken)) == 1;
    }

    public async Task TouchAsync(string id, DateTimeOffset now, string? address, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_tokens SET last_used_at = @now, last_used_address = @address WHERE id = @id",
            new { id, address, now = DbTime.Format(now) },
            cancellationToken: cancellationToken));
    }
}
