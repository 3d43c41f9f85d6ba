using Dapper;
using System.Data.Common;

namespace PortalRelease.Portal.Data;

/// <summary>
/// What admins change on local accounts. Each change that ends sessions replaces the security stamp, and only when
/// the stamp is still the one the caller read: two admins changing one account at once cannot both win unseen.
/// </summary>
public sealed partial class LocalAccountRepository
{
    public async Task<IReadOnlyList<LocalAccountRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ListAsync(connection, null, cancellationToken);
    }

    /// <summary>
    /// Opens a change to who may manage access (accounts and stored grants), holding the database's write lock from
    /// before its first read until it commits: see <see cref="AccessChangeTransaction"/>.
    /// </summary>
    public Task<AccessChangeTransaction> BeginAccessChangeAsync(CancellationToken cancellationToken = default) =>
        AccessChangeTransaction.BeginAsync(connections, cancellationToken);

    internal static async Task<IReadOnlyList<LocalAccountRecord>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM local_accounts ORDER BY id", transaction: transaction, cancellationToken: cancellationToken));
        var groups = (await connection.QueryAsync<(string AccountId, string GroupName)>(new CommandDefinition(
                "SELECT account_id, group_name FROM local_account_groups ORDER BY account_id, group_name", transaction: transaction, cancellationToken: cancellationToken)))
            .ToLookup(g => g.AccountId, g => g.GroupName, StringComparer.Ordinal);
        return rows.Select(r => r.ToRecord(groups[r.Id].ToList())).ToList();
    }

    /// <summary>Replaces display name and groups and the stamp, inside the caller's transaction; false when the stamp moved (or the account is gone).</summary>
    internal static async Task<bool> UpdateAsync(
        DbConnection connection, DbTransaction transaction,
        string id, string expectedStamp, string displayName, IReadOnlyList<string> groups, string newStamp, CancellationToken cancellationToken)
    {
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE local_accounts SET display_name = @displayName, security_stamp = @newStamp WHERE id = @id AND security_stamp = @expectedStamp",
            new { id, expectedStamp, displayName, newStamp },
            transaction,
            cancellationToken: cancellationToken));
        if (updated == 0)
        {
            return false;
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM local_account_groups WHERE account_id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        foreach (var group in groups)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO local_account_groups (account_id, group_name) VALUES (@id, @group)", new { id, group }, transaction, cancellationToken: cancellationToken));
        }
        return true;
    }

    /// <summary>Disables (with when and by whom) or enables (both null) the account and replaces its stamp, inside the caller's transaction.</summary>
    internal static async Task<bool> SetDisabledAsync(
        DbConnection connection, DbTransaction transaction,
        string id, string expectedStamp, DateTimeOffset? disabledAt, string? disabledBy, string newStamp, CancellationToken cancellationToken)
    {
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE local_accounts SET disabled_at = @at, disabled_by = @disabledBy, security_stamp = @newStamp
            WHERE id = @id AND security_stamp = @expectedStamp
            """,
            new { id, expectedStamp, at = disabledAt is { } when ? DbTime.Format(when) : null, disabledBy, newStamp },
            transaction,
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Forgets failed sign-ins and any lock; false when there is no such account.</summary>
    public async Task<bool> UnlockAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE local_accounts SET failed_count = 0, locked_until = NULL WHERE id = @id", new { id }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>
    /// Sets a password the account must change at its next sign-in, replaces the stamp and lifts a lock (a reset is
    /// what a user locked out by their own typos asks for).
    /// </summary>
    public async Task<bool> ResetPasswordAsync(
        string id, string expectedStamp, string passwordHash, string newStamp, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE local_accounts SET password_hash = @passwordHash, security_stamp = @newStamp, must_change = 1, password_changed_at = @now,
              failed_count = 0, locked_until = NULL
            WHERE id = @id AND security_stamp = @expectedStamp
            """,
            new { id, expectedStamp, passwordHash, newStamp, now = DbTime.Format(now) },
            cancellationToken: cancellationToken)) == 1;
    }
}
