using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Targets.Policy;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.DbMigrations.Tests.Fixtures;

/// <summary>
/// The db-migrations plugin as its build deployed it to plugins/DbMigrations/ (every file, runtimes/ included), copied
/// into a temporary portal home and loaded by the portal's own catalog and loader: the code under test is the copy on
/// disk in its own load context, not the assembly these tests reference.
/// </summary>
public sealed class DeployedPlugin : IDisposable
{
    private readonly PluginCatalog _catalog;

    /// <param name="home">The portal home to copy the plugin into.</param>
    /// <param name="root">The folder the policy allows db-migrations files in; the home when null.</param>
    /// <param name="withItsOwnSqlite">
    /// Also puts a copy of Microsoft.Data.Sqlite, SQLitePCLRaw and the native library into the plugin folder, as a
    /// plugin built without sharing ships them.
    /// </param>
    public DeployedPlugin(string home, string? root = null, bool withItsOwnSqlite = false)
    {
        var source = Path.Combine(RepoRoot(), "plugins", "DbMigrations");
        Assert.True(File.Exists(Path.Combine(source, PluginManifest.FileName)), $"The DbMigrations plugin is not deployed to {source}; build src/Plugins/DbMigrations first.");
        var plugins = Path.Combine(home, "plugins");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(plugins, "DbMigrations", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        if (withItsOwnSqlite)
        {
            AddOwnSqlite(Path.Combine(plugins, "DbMigrations"));
        }

        var options = new PortalOptions { DataDirectory = Path.Combine(home, "data"), PluginsDirectory = plugins };
        var paths = new PortalPaths(Microsoft.Extensions.Options.Options.Create(options), new HostingEnvironment { ContentRootPath = home });
        var environment = new HostingEnvironment { ContentRootPath = home };
        // The portal's own policy, rooting db-migrations at the root (its data folder excepted, as always).
        var policy = new TargetPolicy(
            Microsoft.Extensions.Options.Options.Create(new TargetPolicyOptions { Kinds = { [DbMigrationsPlugin.Kind] = new KindPolicyOptions { Root = root ?? home } } }),
            paths,
            environment);
        _catalog = new PluginCatalog(new McMasterPluginLoader(), paths, TimeProvider.System, NullLogger<PluginCatalog>.Instance, PluginTrust.Everything, policy);
        _catalog.EnsureLoaded();
        var info = Assert.Single(_catalog.Plugins);
        Assert.True(info.Status == PluginStatus.Loaded, $"The deployed plugin did not load: {info.Status}: {info.Reason}");
        Driver = _catalog.FindDriver(DbMigrationsPlugin.Kind)!;
        Assert.NotSame(typeof(DbMigrationsPlugin).Assembly, Driver.GetType().Assembly);
    }

    public ITargetDriver Driver { get; }

    /// <summary>
    /// Closes every idle pooled connection of the Microsoft.Data.Sqlite the plugin resolves (its own copy or the portal's),
    /// as the pool's idle pruning does a few minutes after the last use.
    /// </summary>
    public void ClosePluginsIdleConnections()
    {
        var context = AssemblyLoadContext.GetLoadContext(Driver.GetType().Assembly)!;
        var sqlite = context.LoadFromAssemblyName(new AssemblyName("Microsoft.Data.Sqlite"));
        var connection = sqlite.GetType("Microsoft.Data.Sqlite.SqliteConnection", throwOnError: true)!;
        connection.GetMethod("ClearAllPools", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null);
    }

    public void Dispose() => _catalog.Dispose();

    /// <summary>
    /// Makes the folder what a plugin built without sharing ships: the SQLite packages' entries of these tests' own
    /// deps.json merged into the plugin's, and their files (Microsoft.Data.Sqlite, SQLitePCLRaw, runtimes/…/libe_sqlite3.so)
    /// copied beside it in the same layout.
    /// </summary>
    private static void AddOwnSqlite(string folder)
    {
        var ours = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PortalRelease.Plugins.DbMigrations.Tests.deps.json")))!;
        var depsFile = Path.Combine(folder, "PortalRelease.Plugins.DbMigrations.deps.json");
        var theirs = JsonNode.Parse(File.ReadAllText(depsFile))!;
        var framework = ours["runtimeTarget"]!["name"]!.GetValue<string>();
        var sqlite = ours["targets"]![framework]!.AsObject().Where(p => p.Key.Contains("sqlite", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(sqlite);
        var targets = theirs["targets"]![framework]!.AsObject();
        var plugin = targets.First(p => p.Key.StartsWith("PortalRelease.Plugins.DbMigrations/", StringComparison.Ordinal)).Value!;
        plugin["dependencies"]!["Microsoft.Data.Sqlite"] = "11.0.0";
        foreach (var (name, entry) in sqlite)
        {
            targets[name] = entry!.DeepClone();
            theirs["libraries"]![name] = ours["libraries"]![name]!.DeepClone();
            var assets = (entry["runtime"]?.AsObject().Select(a => Path.GetFileName(a.Key)) ?? [])
                .Concat(entry["runtimeTargets"]?.AsObject().Select(a => a.Key) ?? []);
            foreach (var asset in assets.Where(a => File.Exists(Path.Combine(AppContext.BaseDirectory, a))))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, asset))!);
                File.Copy(Path.Combine(AppContext.BaseDirectory, asset), Path.Combine(folder, asset), overwrite: true);
            }
        }

        File.WriteAllText(depsFile, theirs.ToJsonString());
        Assert.True(File.Exists(Path.Combine(folder, "runtimes", "linux-x64", "native", "libe_sqlite3.so")));
    }

    // Set by tests/Directory.Build.props: the repository holds plugins/, wherever the test binaries are built.
    private static string RepoRoot() =>
        typeof(DeployedPlugin).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
}
