using System.Runtime.Loader;
using System.Security.Cryptography;
using PortalRelease.Portal.Plugins;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.Plugins;

public sealed class PluginCatalogLoadTests : IDisposable
{
    private readonly PluginsFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_SandboxPlugin_IsLoadedAndItsDriverIsFoundByKind()
    {
        var folder = _folder.AddSandbox();

        var catalog = _folder.Load();

        var info = Assert.Single(catalog.Plugins);
        Assert.Equal(PluginStatus.Loaded, info.Status);
        Assert.Null(info.Reason);
        Assert.Equal("sandbox", info.Id);
        Assert.Equal("Sandbox", info.Folder);
        Assert.Equal(SdkAbi.Version, info.AbiVersion);
        Assert.Equal(_folder.Time.GetUtcNow(), info.LoadedAt);
        Assert.Equal(Sha256(Path.Combine(folder, "PortalRelease.Plugins.Sandbox.dll")), info.Hash);
        Assert.True(catalog.FindDriver("sandbox") is ITargetDriver);
        Assert.Same(catalog.FindDriver("sandbox"), Assert.Single(catalog.Drivers));
        Assert.True(catalog.FindMetricSource("sandbox") is IMetricSource);
    }

    [Fact]
    public void Load_SandboxPlugin_RunsInItsOwnContextWithTheSdkShared()
    {
        _folder.AddSandbox();

        var driver = _folder.Load().FindDriver("sandbox")!;

        var context = AssemblyLoadContext.GetLoadContext(driver.GetType().Assembly);
        Assert.NotSame(AssemblyLoadContext.Default, context);
        Assert.True(context!.IsCollectible);
        Assert.DoesNotContain(context.Assemblies, a => a.GetName().Name == typeof(ITargetDriver).Assembly.GetName().Name);
        Assert.Contains(typeof(ITargetDriver), driver.GetType().GetInterfaces());
    }

    [Fact]
    public void Load_SandboxPlugin_GetsItsOwnDataDirectory()
    {
        _folder.AddSandbox();

        _folder.Load();

        Assert.True(Directory.Exists(Path.Combine(_folder.DataDirectory, "plugins", "sandbox")));
    }

    [Fact]
    public void Load_DriverAndMetricSourcePlugin_RegistersBoth()
    {
        _folder.AddFixture("Fixture", PluginsFolder.DriverFixture,
            PluginsFolder.Manifest("fixture", PluginsFolder.DriverFixture, ["fixture"], ["fixture-metrics"]));

        var catalog = _folder.Load();

        Assert.Equal(PluginStatus.Loaded, Assert.Single(catalog.Plugins).Status);
        Assert.Equal("fixture", catalog.FindDriver("fixture")?.Kind);
        Assert.Equal("fixture-metrics", catalog.FindMetricSource("fixture-metrics")?.Kind);
        Assert.Equal(["fixture"], catalog.Plugins[0].TargetKinds);
        Assert.Equal(["fixture-metrics"], catalog.Plugins[0].MetricKinds);
        Assert.Null(catalog.FindDriver("sandbox"));
    }

    [Fact]
    public void Load_PluginsDirectoryMissing_HasNoPluginsAndDoesNotThrow()
    {
        var catalog = _folder.CreateCatalog(Path.Combine(_folder.Root, "no-such-folder"));

        Assert.Empty(catalog.Plugins);
        Assert.Empty(catalog.Drivers);
        Assert.Null(catalog.FindDriver("sandbox"));
    }

    [Fact]
    public void Load_IsDoneOnce_LaterQuestionsSeeTheSameSet()
    {
        _folder.AddSandbox();
        var catalog = _folder.Load();
        var driver = catalog.FindDriver("sandbox");

        catalog.EnsureLoaded();

        Assert.Same(driver, catalog.FindDriver("sandbox"));
        Assert.Single(catalog.Plugins);
    }

    internal static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
}
