using System.Data.Common;
using PortalRelease.Portal.Identity.Access;

namespace PortalRelease.Portal.Data;

/// <summary>
/// One change to who may manage access — an account's groups or disabled state, a stored grant — checked and written
/// under the access write scope (<see cref="WriteScope.Access"/>), taken before anything is read: the rule sees the accounts and grants as
/// they are, and no other writer changes them before this commits, so two admins disabling each other, or a grant
/// revoked while an account is disabled, cannot both pass a check the other's write would have failed. Disposed without
/// <see cref="CommitAsync"/>, it changes nothing.
/// </summary>
public sealed class AccessChangeTransaction : IAsyncDisposable
{
    private readonly PortalDatabase _database;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;

    private AccessChangeTransaction(PortalDatabase database, DbConnection connection, DbTransaction transaction) =>
        (_database, _connection, _transaction) = (database, connection, transaction);

    internal static async Task<AccessChangeTransaction> BeginAsync(PortalDatabase connections, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken);
        try
        {
            // Taken first: a transaction that read before locking could read what another writer is replacing.
            return new AccessChangeTransaction(connections, connection, await connections.BeginWriteAsync(connection, WriteScope.Access, cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task<IReadOnlyList<LocalAccountRecord>> AccountsAsync(CancellationToken cancellationToken) =>
        LocalAccountRepository.ListAsync(_connection, _transaction, cancellationToken);

    public Task<IReadOnlyList<AccessGrant>> StoredGrantsAsync(CancellationToken cancellationToken) =>
        AccessGrantRepository.ListAsync(_connection, _transaction, cancellationToken);

    /// <summary>See <see cref="LocalAccountRepository"/>: false when the stamp moved or the account is gone.</summary>
    public Task<bool> UpdateAccountAsync(
        string id, string expectedStamp, string displayName, IReadOnlyList<string> groups, string newStamp, CancellationToken cancellationToken) =>
        LocalAccountRepository.UpdateAsync(_connection, _transaction, id, expectedStamp, displayName, groups, newStamp, cancellationToken);

    /// <summary>Disables (with when and by whom) or enables (both null); false when the stamp moved or the account is gone.</summary>
    public Task<bool> SetDisabledAsync(
        string id, string expectedStamp, DateTimeOffset? disabledAt, string? disabledBy, string newStamp, CancellationToken cancellationToken) =>
        LocalAccountRepository.SetDisabledAsync(_connection, _transaction, id, expectedStamp, disabledAt, disabledBy, newStamp, cancellationToken);

    /// <summary>False when there is no such stored grant.</summary>
    public Task<bool> DeleteGrantAsync(string id, CancellationToken cancellationToken) =>
        AccessGrantRepository.DeleteAsync(_connection, _transaction, id, cancellationToken);

    /// <summary>Commits, telling the other nodes (in the same transaction) to forget what they cached of access.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await ClusterChange.SignalAsync(_database, _connection, _transaction, ClusterChange.Access, cancellationToken);
        await _transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
