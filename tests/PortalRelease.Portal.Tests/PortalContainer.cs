using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Tests;

/// <summary>
/// The portal's real service container over a fresh temporary home with a migrated SQLite file, hosted services not
/// started: for tests of one service with the real storage under it, without a web host. Samples are not seeded.
/// </summary>
internal sealed class PortalContainer : IAsyncDisposable
{
    private readonly string _root;
    private readonly ServiceProvider _provider;

    private PortalContainer(string prefix, Action<IServiceCollection>? configure, IReadOnlyDictionary<string, string?>? settings)
    {
        _root = Directory.CreateTempSubdirectory(prefix).FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:Auth:Mode"] = "Development",
            ["Portal:DataDirectory"] = Path.Combine(_root, "data"),
            ["Portal:PluginsDirectory"] = Path.Combine(_root, "plugins"),
            ["Portal:SeedSamples"] = "false",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = _root, EnvironmentName = "Development", ApplicationName = "PortalRelease.Portal" });
        services.AddPortalServices(configuration);
        // Last, so a test's replacement (a fixed clock) wins.
        configure?.Invoke(services);
        _provider = services.BuildServiceProvider();
    }

    /// <param name="prefix">The temporary folder's name prefix, so a leftover folder says which tests left it.</param>
    /// <param name="configure">Registrations on top of the portal's own.</param>
    /// <param name="settings">Settings on top of the test defaults, e.g. <c>Portal:Storage:Provider</c>.</param>
    public static async Task<PortalContainer> CreateAsync(
        string prefix, Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var container = new PortalContainer(prefix, configure, settings);
        await container.Get<SchemaMigrator>().MigrateAsync(CancellationToken.None);
        return container;
    }

    public IServiceProvider Services => _provider;

    public string DatabaseFile => Path.Combine(_root, "data", "portal.db");

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; the OS cleans temp folders.
        }
    }
}
