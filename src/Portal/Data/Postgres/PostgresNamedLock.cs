using Npgsql;

namespace PortalRelease.Portal.Data.Postgres;

/// <summary>
/// A named lock across every node: a session advisory lock keyed by <c>hashtext(name)</c>, held on a connection of its own
/// until disposed. The server releases it when that connection or its node dies, so a dead holder never blocks the others.
/// Two names may hash alike: they then exclude each other, which costs waiting, never correctness. The keys fit in 32
/// bits, so they never meet the portal's own advisory locks (<see cref="WriteScope"/>, the migration lock), which do not.
/// </summary>
internal sealed class PostgresNamedLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly string _name;
    private int _released;

    private PostgresNamedLock(NpgsqlConnection connection, string name)
    {
        _connection = connection;
        _name = name;
    }

    public static async Task<IAsyncDisposable> AcquireAsync(NpgsqlDataSource dataSource, string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext(@name))", connection);
            command.Parameters.AddWithValue("name", name);
            try
            {
                // Cancelling sends the server a cancel request: the wait ends with nothing taken.
                await command.ExecuteNonQueryAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                // Should the grant have crossed the cancel request, unlock before the connection goes back to the pool
                // (unlocking what this session does not hold only warns).
                await UnlockAsync(connection, name);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                throw new TimeoutException($"The lock '{name}' was still held after {timeout.TotalSeconds:0.###} s.");
            }
            return new PostgresNamedLock(connection, name);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }
        try
        {
            await UnlockAsync(_connection, _name);
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    private static async Task UnlockAsync(NpgsqlConnection connection, string name)
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext(@name))", connection);
            command.Parameters.AddWithValue("name", name);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The connection broke: the server ended its session, and the lock with it.
        }
    }
}
