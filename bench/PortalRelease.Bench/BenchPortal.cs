using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using PortalRelease.Portal;
using PortalRelease.Portal.Data;

namespace PortalRelease.Bench;

/// <summary>The portal's own services over a fresh data folder, without a web host.</summary>
public sealed class BenchPortal : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly bool _keep;

    private BenchPortal(string root, ServiceProvider provider, bool keep)
    {
        Root = root;
        _provider = provider;
        _keep = keep;
    }

    public string Root { get; }

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    /// <param name="keep">A folder to use and keep afterwards (a later run finds its data there); null for a fresh temporary one.</param>
    /// <param name="settings">Settings over the defaults: the storage provider and a node's name for the cluster scenarios.</param>
    public static async Task<BenchPortal> StartAsync(string? keep = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var root = keep is null ? Path.Combine(Path.GetTempPath(), "portal-bench-" + Guid.NewGuid().ToString("N")[..8]) : Path.GetFullPath(keep);
        Directory.CreateDirectory(root);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:Auth:Mode"] = "Development",
            ["Portal:DataDirectory"] = Path.Combine(root, "data"),
            ["Portal:PluginsDirectory"] = Path.Combine(root, "plugins"),
            ["Portal:SeedSamples"] = "false",
            // The bench loads the Sandbox as built just now: no allowlist holds that build's hash.
            ["Portal:Plugins:DevelopmentMode"] = "true",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new BenchEnvironment(root));
        services.AddPortalServices(configuration);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<SchemaMigrator>().MigrateAsync(CancellationToken.None);
        // The portal checkpoints its WAL in the background; without it the WAL of a long scenario only grows.
        if (provider.GetService<WalCheckpointer>() is { } checkpointer)
        {
            await checkpointer.StartAsync(CancellationToken.None);
        }
        return new BenchPortal(root, provider, keep is not null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_provider.GetService<WalCheckpointer>() is { } checkpointer)
        {
            await checkpointer.StopAsync(CancellationToken.None);
        }
        await _provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_keep)
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private sealed class BenchEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "PortalRelease.Bench";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
