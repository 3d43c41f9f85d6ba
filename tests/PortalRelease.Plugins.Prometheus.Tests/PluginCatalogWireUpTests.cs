using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using PortalRelease.Plugins.Prometheus.Tests.Fixture;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Targets;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Prometheus.Tests;

/// <summary>
/// The built plugins as the portal sees them: copied from the repository's plugins/ folder (where their builds
/// deploy them), loaded by the portal's own catalog, and a query run through the loaded source.
/// </summary>
[Collection(PrometheusCollection.Name)]
public sealed class PluginCatalogWireUpTests(PrometheusFixture prometheus) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("prometheus-wireup-").FullName;
    private PluginCatalog? _catalog;

    [Fact]
    public async Task Catalog_DeployedPlugin_LoadsAndMeasuresASandboxTargetWithProviderPrometheus()
    {
        var catalog = LoadCatalog("Prometheus", "Sandbox");

        var plugin = Assert.Single(catalog.Plugins, p => p.Id == PrometheusPlugin.Kind);
        Assert.Equal(PluginStatus.Loaded, plugin.Status);
        var source = catalog.FindMetricSource(PrometheusPlugin.Kind);
        Assert.NotNull(source);
        // The source comes from the copy on disk, not from the assembly these tests reference.
        Assert.NotSame(typeof(PrometheusPlugin).Assembly, source.GetType().Assembly);
        // The portal loads plugins in memory (no Location), each into a collectible context of its own.
        Assert.True(AssemblyLoadContext.GetLoadContext(source.GetType().Assembly) is { IsCollectible: true } context && context != AssemblyLoadContext.Default);

        // A sandbox target may carry Prometheus settings beside its own: its driver accepts them.
        var target = SandboxTargetWithPrometheus();
        var driver = catalog.FindDriver("sandbox");
        Assert.NotNull(driver);
        Assert.Empty(await driver.ValidateSettingsAsync(target.Settings, CancellationToken.None));
        // Its schema marks the Prometheus bearer token secret, so the portal stores it encrypted and hands it to the source.
        Assert.NotNull(DriverSchema.For(driver).FindSecret("prometheus/bearerToken"));

        var result = await source.QueryAsync(PrometheusFixture.Query(target, "error-rate"), CancellationToken.None);

        Assert.InRange(result.Value!.Value, 0.095, 0.105);
        Assert.True(result.SampleSize > 150);
    }

    [Fact]
    public async Task Catalog_DisposedAfterAQuery_ThePluginsLoadContextIsCollected()
    {
        var context = await LoadQueryAndDisposeAsync();
        for (var i = 0; i < 10 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        // Pooled connections to Prometheus must not keep an unloaded plugin alive.
        Assert.False(context.IsAlive);
    }

    public void Dispose()
    {
        _catalog?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A load context not yet collected may still map a file.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task<WeakReference> LoadQueryAndDisposeAsync()
    {
        var catalog = LoadCatalog("Prometheus");
        var source = catalog.FindMetricSource(PrometheusPlugin.Kind)!;
        var result = await source.QueryAsync(PrometheusFixture.Query(SandboxTargetWithPrometheus(), "error-rate"), CancellationToken.None);
        Assert.NotNull(result.Value);
        var context = new WeakReference(AssemblyLoadContext.GetLoadContext(source.GetType().Assembly));
        catalog.Dispose();
        _catalog = null;
        return context;
    }

    private TargetContext SandboxTargetWithPrometheus()
    {
        var settings = new Dictionary<string, object>
        {
            ["requestsPerSecond"] = 200,
            ["prometheus"] = new
            {
                url = prometheus.Url.ToString(),
                queries = new Dictionary<string, object> { ["error-rate"] = new { query = PrometheusFixture.ErrorRateQuery, samples = PrometheusFixture.RequestsQuery } },
                scrapeIntervalSeconds = 1,
            },
        };
        return new TargetContext { Name = "sandbox-eu", Kind = "sandbox", Settings = JsonSerializer.SerializeToElement(settings) };
    }

    private PluginCatalog LoadCatalog(params string[] builtIn)
    {
        var plugins = Path.Combine(_root, "plugins");
        foreach (var name in builtIn)
        {
            var source = Path.Combine(RepoRoot(), "plugins", name);
            Assert.True(File.Exists(Path.Combine(source, PluginManifest.FileName)), $"The {name} plugin is not deployed to {source}; build src/Plugins/{name} first.");
            var folder = Directory.CreateDirectory(Path.Combine(plugins, name)).FullName;
            foreach (var file in Directory.GetFiles(source))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }
        }
        var options = new PortalOptions { DataDirectory = Path.Combine(_root, "data"), PluginsDirectory = plugins };
        var paths = new PortalPaths(Microsoft.Extensions.Options.Options.Create(options), new HostingEnvironment { ContentRootPath = _root });
        _catalog = new PluginCatalog(new McMasterPluginLoader(), paths, TimeProvider.System, NullLogger<PluginCatalog>.Instance);
        _catalog.EnsureLoaded();
        return _catalog;
    }

    // Set by tests/Directory.Build.props: the repository holds plugins/, wherever the test binaries are built.
    private static string RepoRoot() =>
        typeof(PluginCatalogWireUpTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
}
