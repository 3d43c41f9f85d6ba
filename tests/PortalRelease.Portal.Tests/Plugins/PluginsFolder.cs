using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Plugins;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.Plugins;

/// <summary>A temporary portal home with a plugins directory the tests fill with real plugin folders.</summary>
internal sealed class PluginsFolder : IDisposable
{
    public const string DriverFixture = "PortalRelease.Fixtures.DriverPlugin.dll";
    public const string ThrowingFixture = "PortalRelease.Fixtures.ThrowingPlugin.dll";
    public const string NoEntryPointFixture = "PortalRelease.Fixtures.NoEntryPointPlugin.dll";

    private readonly List<PluginCatalog> _catalogs = [];
    private readonly RecordingLoader _loader = new(new McMasterPluginLoader());

    public PluginsFolder()
    {
        Root = Directory.CreateTempSubdirectory("portal-plugins-").FullName;
        PluginsDirectory = Path.Combine(Root, "plugins");
        DataDirectory = Path.Combine(Root, "data");
        Directory.CreateDirectory(PluginsDirectory);
    }

    public string Root { get; }

    public string PluginsDirectory { get; }

    public string DataDirectory { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 3, 9, 30, 0, TimeSpan.Zero));

    /// <summary>Copies the real Sandbox plugin, as its build deployed it to plugins/Sandbox/ at the repository root.</summary>
    public string AddSandbox(string folderName = "Sandbox")
    {
        var source = Path.Combine(RepoRoot(), "plugins", "Sandbox");
        Assert.True(File.Exists(Path.Combine(source, PluginManifest.FileName)), $"The Sandbox plugin is not deployed to {source}; build src/Plugins/Sandbox first.");
        var folder = Path.Combine(PluginsDirectory, folderName);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        return folder;
    }

    /// <summary>Creates a plugin folder holding a fixture assembly built by tests/Fixtures and the given manifest.</summary>
    public string AddFixture(string folderName, string fixtureAssembly, PluginManifest manifest)
    {
        var folder = AddFolder(folderName);
        File.Copy(FixturePath(fixtureAssembly), Path.Combine(folder, fixtureAssembly));
        WriteManifest(folder, JsonSerializer.Serialize(manifest));
        return folder;
    }

    public string AddFolder(string folderName) => Directory.CreateDirectory(Path.Combine(PluginsDirectory, folderName)).FullName;

    /// <summary>Copies a built-in plugin as its build deployed it to the repository's plugins/ into <paramref name="pluginsDirectory"/>.</summary>
    public static string CopyDeployed(string pluginFolder, string pluginsDirectory)
    {
        var source = Path.Combine(RepoRoot(), "plugins", pluginFolder);
        Assert.True(File.Exists(Path.Combine(source, PluginManifest.FileName)), $"The {pluginFolder} plugin is not deployed to {source}; build src/Plugins/{pluginFolder} first.");
        var folder = Directory.CreateDirectory(Path.Combine(pluginsDirectory, pluginFolder)).FullName;
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return folder;
    }

    public static void WriteManifest(string folder, string json) => File.WriteAllText(Path.Combine(folder, PluginManifest.FileName), json);

    public static PluginManifest Manifest(string id, string assembly, string[]? targetKinds = null, string[]? metricKinds = null, int abiVersion = SdkAbi.Version) => new()
    {
        Id = id,
        Version = "1.2.3",
        AbiVersion = abiVersion,
        Assembly = assembly,
        Description = $"The {id} fixture.",
        TargetKinds = targetKinds ?? [],
        MetricKinds = metricKinds ?? [],
    };

    /// <summary>The main assemblies the real loader was asked to load, in order: proof of whether a plugin's code ran.</summary>
    public IReadOnlyList<string> LoadedAssemblies => _loader.Loaded;

    /// <summary>A catalog over this folder; without <paramref name="trust"/> it loads every plugin (development mode).</summary>
    public PluginCatalog CreateCatalog(string? pluginsDirectory = null, PluginTrust? trust = null)
    {
        var options = new PortalOptions { DataDirectory = DataDirectory, PluginsDirectory = pluginsDirectory ?? PluginsDirectory };
        var paths = new PortalPaths(Microsoft.Extensions.Options.Options.Create(options), new HostingEnvironment { ContentRootPath = Root });
        var catalog = new PluginCatalog(_loader, paths, Time, NullLogger<PluginCatalog>.Instance, trust ?? PluginTrust.Everything);
        _catalogs.Add(catalog);
        return catalog;
    }

    public PluginCatalog Load(PluginTrust? trust = null)
    {
        var catalog = CreateCatalog(trust: trust);
        catalog.EnsureLoaded();
        return catalog;
    }

    /// <summary>Whether any code was loaded from a folder (plugins load in memory, so assemblies carry no location to look at).</summary>
    public bool AnyAssemblyLoadedFrom(string folder) => LoadedAssemblies.Any(path => path.StartsWith(folder, StringComparison.Ordinal));

    /// <summary>Enforces an allowlist holding exactly these hashes (optionally tied to an id).</summary>
    public static PluginTrust Allowing(params (string Sha256, string? Id)[] allowed)
    {
        var options = new PluginTrustOptions { DevelopmentMode = false };
        foreach (var (index, entry) in allowed.Index())
        {
            options.Allowed.Add(new AllowedPlugin(entry.Sha256, entry.Id, $"Portal:Plugins:Allowed:{index}"));
        }
        return new PluginTrust(options, developmentMode: false);
    }

    public void Dispose()
    {
        foreach (var catalog in _catalogs)
        {
            catalog.Dispose();
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A context not yet collected may still map a file; the temp folder is cleaned by the OS eventually.
        }
    }

    /// <summary>The real loader, noting what it was asked to load.</summary>
    private sealed class RecordingLoader(IPluginLoader inner) : IPluginLoader
    {
        private readonly List<string> _loaded = [];

        public IReadOnlyList<string> Loaded
        {
            get
            {
                lock (_loaded)
                {
                    return [.. _loaded];
                }
            }
        }

        public ILoadedPlugin Load(string assemblyPath)
        {
            lock (_loaded)
            {
                _loaded.Add(assemblyPath);
            }
            return inner.Load(assemblyPath);
        }
    }

    private static string FixturePath(string fixtureAssembly)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixture-plugins", fixtureAssembly);
        Assert.True(File.Exists(path), $"Fixture plugin {path} was not built; tests/Fixtures are built by the test project.");
        return path;
    }

    public static string RepoRoot([CallerFilePath] string sourceFile = "")
    {
        // Test binaries may live outside the repository (ArtifactsPath); this source file never does.
        return FindSolutionFolder(AppContext.BaseDirectory) ?? FindSolutionFolder(Path.GetDirectoryName(sourceFile)!)
            ?? throw new InvalidOperationException("PortalRelease.sln not found above the test binaries or sources.");
    }

    private static string? FindSolutionFolder(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PortalRelease.sln")))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}
