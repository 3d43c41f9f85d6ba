using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Data.Postgres;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>
/// A fresh, migrated portal database of one provider with the journal's real writer over it: a SQLite file in a
/// temporary folder (<see cref="TestDatabase"/>), or a PostgreSQL database of Debian's server copied from the run's
/// migrated template (<see cref="PostgresServer.CreateMigratedDatabaseAsync"/>), dropped on dispose.
/// </summary>
internal sealed class ContractDatabase : IAsyncDisposable
{
    private readonly Func<ValueTask> _dispose;

    private ContractDatabase(PortalDatabase database, JournalWriter writer, Func<ValueTask> dispose) =>
        (Database, Writer, _dispose) = (database, writer, dispose);

    public PortalDatabase Database { get; }

    public JournalWriter Writer { get; }

    /// <summary>SQLite when <paramref name="server"/> is null, otherwise a new database on it.</summary>
    public static async Task<ContractDatabase> CreateAsync(PostgresServer? server)
    {
        if (server is null)
        {
            var sqlite = await TestDatabase.CreateAsync();
            return new ContractDatabase(sqlite.Connections, sqlite.Writer, sqlite.DisposeAsync);
        }

        var name = await server.CreateMigratedDatabaseAsync();
        var postgres = new PostgresDatabase(Options.Create(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = server.ConnectionStringFor(name) }));
        var writer = new JournalWriter(postgres, new ReleaseEventStream(), TimeProvider.System, NullLogger<JournalWriter>.Instance);
        return new ContractDatabase(postgres, writer, async () =>
        {
            await writer.DisposeAsync();
            await postgres.DisposeAsync();
            await server.DropDatabaseAsync(name);
        });
    }

    public ValueTask DisposeAsync() => _dispose();
}
