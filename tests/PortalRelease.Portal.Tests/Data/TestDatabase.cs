using PortalRelease.Portal.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Data;

/// <summary>A migrated portal database in a fresh temporary folder, with the journal's real writer over it.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string root)
    {
        Root = root;
        var options = new PortalOptions { DataDirectory = Path.Combine(root, "data"), PluginsDirectory = Path.Combine(root, "plugins") };
        Paths = new PortalPaths(Microsoft.Extensions.Options.Options.Create(options), new HostingEnvironment { ContentRootPath = root });
        Connections = new SqliteDatabase(Paths);
        Templates = new TemplateRepository(Connections);
        Targets = new TargetRepository(Connections);
        Releases = new ReleaseRepository(Connections);
        Journal = new JournalRepository(Connections);
        Writer = new JournalWriter(Connections, Stream, TimeProvider.System, NullLogger<JournalWriter>.Instance);
    }

    public string Root { get; }

    public PortalPaths Paths { get; }

    public SqliteDatabase Connections { get; }

    public TemplateRepository Templates { get; }

    public TargetRepository Targets { get; }

    public ReleaseRepository Releases { get; }

    public JournalRepository Journal { get; }

    public ReleaseEventStream Stream { get; } = new();

    public JournalWriter Writer { get; }

    /// <summary>Creates and migrates a database under a new temporary folder (or <paramref name="root"/>).</summary>
    public static async Task<TestDatabase> CreateAsync(string? root = null)
    {
        var database = new TestDatabase(root ?? Directory.CreateTempSubdirectory("portal-data-").FullName);
        await new SchemaMigrator(database.Connections, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return database;
    }

    /// <summary>A release row (with its template) and its first event, written through the journal writer.</summary>
    public async Task<string> CreateReleaseAsync(string id)
    {
        await Templates.SaveAsync("t", null, "name: t", "test", DateTimeOffset.UtcNow);
        var record = new ReleaseRecord(id, "t", 1, "1.0.0", "{}", "{}", DateTimeOffset.UtcNow, "test");
        await Writer.CreateReleaseAsync(record, [EventDraft.Of(new ReleaseCreated("t", 1, "1.0.0", new Dictionary<string, object?>()), "test")]);
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
