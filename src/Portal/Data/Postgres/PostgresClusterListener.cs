using Npgsql;

namespace PortalRelease.Portal.Data.Postgres;

/// <summary>What woke a <see cref="PostgresClusterListener"/>.</summary>
[Flags]
public enum ClusterSignals
{
    None = 0,

    /// <summary>Another node committed journal rows (or rows this node cannot tell as its own): read the journal after the cursor.</summary>
    Journal = 1,

    /// <summary>Some node changed what waiting releases may wait for: wake every runner.</summary>
    Wake = 2,

    /// <summary>Some node changed access (grants, accounts): forget the cached grants (<see cref="ClusterChange.Access"/>).</summary>
    Access = 4,

    /// <summary>Some node changed the service catalog: reload it (<see cref="ClusterChange.Services"/>).</summary>
    Services = 8,
}

/// <summary>
/// The cluster's wake-ups over PostgreSQL <c>LISTEN/NOTIFY</c>, on a connection of its own (a listening connection
/// cannot go back to the pool between waits). A notification is delivered at its sender's commit and carries no data
/// anyone relies on: receivers read the journal, so a lost one only delays until the next fallback read.
/// </summary>
public sealed class PostgresClusterListener : IAsyncDisposable
{
    /// <summary>Sent in every journal append's transaction, with the payload <c>release_id:seq</c> of its last row.</summary>
    public const string JournalChannel = "portal_journal";

    /// <summary>
    /// Sent in the transaction of a change to state every node caches (access, the service catalog), with the payload
    /// naming it (<see cref="ClusterChange"/>): every node drops its copy and wakes its waiting releases.
    /// </summary>
    public const string WakeChannel = "portal_wake";

    private readonly NpgsqlConnection _connection;
    private int _pending;

    private PostgresClusterListener(NpgsqlConnection connection, Func<string, long, bool> isOwn)
    {
        _connection = connection;
        _connection.Notification += (_, e) =>
        {
            var signal = e.Channel != WakeChannel ? (IsOwn(e.Payload, isOwn) ? ClusterSignals.None : ClusterSignals.Journal) : e.Payload switch
            {
                ClusterChange.Access => ClusterSignals.Access | ClusterSignals.Wake,
                ClusterChange.Services => ClusterSignals.Services | ClusterSignals.Wake,
                _ => ClusterSignals.Wake,
            };
            Interlocked.Or(ref _pending, (int)signal);
        };
    }

    /// <param name="database">The database.</param>
    /// <param name="isOwn">
    /// Whether a journal row (release id, sequence number) is one this node's writer committed: its notification wakes no
    /// one, since this node published those rows at its commit. Most notifications a busy node receives are its own.
    /// </param>
    /// <param name="cancellationToken">Cancels opening.</param>
    public static async Task<PostgresClusterListener> OpenAsync(PostgresDatabase database, Func<string, long, bool> isOwn, CancellationToken cancellationToken)
    {
        var connection = await database.OpenSessionAsync(cancellationToken);
        var listener = new PostgresClusterListener(connection, isOwn);
        try
        {
            await using var command = new NpgsqlCommand($"LISTEN {JournalChannel}; LISTEN {WakeChannel}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return listener;
        }
        catch
        {
            await listener.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// What arrived since the last call, waiting up to <paramref name="timeout"/> for something when nothing has;
    /// <see cref="ClusterSignals.None"/> when the time ran out. Throws when the connection is lost.
    /// </summary>
    public async Task<ClusterSignals> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Take() is var pending and not ClusterSignals.None)
        {
            return pending;
        }
        await _connection.WaitAsync(timeout, cancellationToken);
        return Take();
    }

    // The payload is "release_id:seq"; anything else is read as another node's (a read too many, never one too few).
    private static bool IsOwn(string payload, Func<string, long, bool> isOwn)
    {
        var colon = payload.LastIndexOf(':');
        return colon > 0 && long.TryParse(payload.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq)
            && isOwn(payload[..colon], seq);
    }

    private ClusterSignals Take() => (ClusterSignals)Interlocked.Exchange(ref _pending, 0);

    public async ValueTask DisposeAsync()
    {
        // Pooled connections are reset (DISCARD ALL, which unlistens) on return; a broken one is simply dropped.
        await _connection.DisposeAsync();
    }
}
