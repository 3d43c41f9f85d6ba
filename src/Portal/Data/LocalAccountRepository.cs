using Dapper;

namespace PortalRelease.Portal.Data;

/// <summary>A built-in account as stored.</summary>
public sealed record LocalAccountRecord(
    string Id,
    string DisplayName,
    string PasswordHash,
    string SecurityStamp,
    int FailedCount,
    DateTimeOffset? LockedUntil,
    bool MustChange,
    IReadOnlyList<string> Groups,
    DateTimeOffset? DisabledAt = null,
    string? DisabledBy = null,
    DateTimeOffset? CreatedAt = null,
    DateTimeOffset? LastSignInAt = null)
{
    public bool Disabled => DisabledAt is not null;
}

/// <summary>The <c>local_accounts</c> and <c>local_account_groups</c> tables.</summary>
public sealed partial class LocalAccountRepository(PortalDatabase connections)
{
    private const string Columns = """
        id AS Id, display_name AS DisplayName, password_hash AS PasswordHash, security_stamp AS SecurityStamp,
        failed_count AS FailedCount, locked_until AS LockedUntil, must_change AS MustChange, disabled_at AS DisabledAt,
        disabled_by AS DisabledBy, created_at AS CreatedAt, last_sign_in_at AS LastSignInAt
        """;

    // A class, not a positional record: Dapper binds a record's constructor only on exact column types, and the counters
    // come back as Int64 from SQLite and Int32 from PostgreSQL (a CAST in the SELECT is no way out: SQLite then reports
    // an empty result's column as a blob).
    private sealed class Row
    {
        public string Id { get; init; } = "";

        public string DisplayName { get; init; } = "";

        public string PasswordHash { get; init; } = "";

        public string SecurityStamp { get; init; } = "";

        public long FailedCount { get; init; }

        public string? LockedUntil { get; init; }

        public long MustChange { get; init; }

        public string? DisabledAt { get; init; }

        public string? DisabledBy { get; init; }

        public string CreatedAt { get; init; } = "";

        public string? LastSignInAt { get; init; }

        public LocalAccountRecord ToRecord(IReadOnlyList<string> groups) => new(
            Id, DisplayName, PasswordHash, SecurityStamp, (int)FailedCount, Time(LockedUntil), MustChange != 0, groups,
            Time(DisabledAt), DisabledBy, DbTime.Parse(CreatedAt), Time(LastSignInAt));

        private static DateTimeOffset? Time(string? value) => value is null ? null : DbTime.Parse(value);
    }

    public async Task<LocalAccountRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM local_accounts WHERE id = @id",
            new { id },
            cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }
        var groups = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT group_name FROM local_account_groups WHERE account_id = @id ORDER BY group_name", new { id }, cancellationToken: cancellationToken));
        return row.ToRecord(groups.ToList());
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM local_accounts", cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Creates an account with its groups; false when the id is taken (nothing changes then).</summary>
    public async Task<bool> CreateAsync(LocalAccountRecord account, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO local_accounts (id, display_name, password_hash, security_stamp, must_change, created_at, password_changed_at)
            VALUES (@Id, @DisplayName, @PasswordHash, @SecurityStamp, @MustChange, @now, @now)
            ON CONFLICT (id) DO NOTHING
            """,
            // 0/1, not a boolean: the flag is an INTEGER column on both providers, and PostgreSQL will not take a boolean there.
            new { account.Id, account.DisplayName, account.PasswordHash, account.SecurityStamp, MustChange = account.MustChange ? 1 : 0, now = DbTime.Format(now) },
            transaction,
            cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return false;
        }
        foreach (var group in account.Groups)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO local_account_groups (account_id, group_name) VALUES (@id, @group)", new { id = account.Id, group }, transaction, cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Counts a failed sign-in atomically (concurrent guesses each count) and locks the account for
    /// <paramref name="lockout"/> once <paramref name="attempts"/> failures are reached.
    /// </summary>
    public async Task RecordFailureAsync(string id, int attempts, TimeSpan lockout, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE local_accounts SET
              locked_until = CASE WHEN failed_count + 1 >= @attempts THEN @until ELSE locked_until END,
              failed_count = CASE WHEN failed_count + 1 >= @attempts THEN 0 ELSE failed_count + 1 END
            WHERE id = @id
            """,
            new { id, attempts, until = DbTime.Format(now + lockout) },
            cancellationToken: cancellationToken));
    }

    public async Task RecordSuccessAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE local_accounts SET failed_count = 0, locked_until = NULL, last_sign_in_at = @now WHERE id = @id",
            new { id, now = DbTime.Format(now) },
            cancellationToken: cancellationToken));
    }

    /// <summary>Replaces the password hash and security stamp, but only if the stamp is still <paramref name="expectedStamp"/>.</summary>
    public async Task<bool> SetPasswordAsync(string id, string expectedStamp, string passwordHash, string newStamp, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE local_accounts SET password_hash = @passwordHash, security_stamp = @newStamp, must_change = 0, password_changed_at = @now
            WHERE id = @id AND security_stamp = @expectedStamp
            """,
            new { id, expectedStamp, passwordHash, newStamp, now = DbTime.Format(now) },
            cancellationToken: cancellationToken)) == 1;
    }
}
