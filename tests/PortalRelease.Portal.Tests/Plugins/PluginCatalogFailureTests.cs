using PortalRelease.Portal.Plugins;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.Plugins;

public sealed class PluginCatalogFailureTests : IDisposable
{
    private readonly PluginsFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_IncompatibleAbi_IsRefusedWithoutLoadingCode()
    {
        // The throwing fixture would turn Failed if its code ran: Incompatible proves Register was never called.
        var folder = _folder.AddFixture("Future", PluginsFolder.ThrowingFixture,
            PluginsFolder.Manifest("future", PluginsFolder.ThrowingFixture, ["throwing"], abiVersion: SdkAbi.Version + 1));

        var info = Assert.Single(_folder.Load().Plugins);

        Assert.Equal(PluginStatus.Incompatible, info.Status);
        Assert.Contains($"ABI {SdkAbi.Version + 1}", info.Reason);
        Assert.Contains($"ABI {SdkAbi.Version}", info.Reason);
        Assert.Null(info.LoadedAt);
        Assert.NotNull(info.Hash);
        Assert.False(AnyAssemblyLoadedFrom(folder));
    }

    [Fact]
    public void Load_MalformedManifest_FailsWithTheJsonErrorLocation()
    {
        var folder = _folder.AddFolder("Broken");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "fixture-plugins", PluginsFolder.DriverFixture), Path.Combine(folder, PluginsFolder.DriverFixture));
        PluginsFolder.WriteManifest(folder, "{\n  \"id\": \"broken\",\n  \"version\": ,\n}");

        var info = Assert.Single(_folder.Load().Plugins);

        Assert.Equal(PluginStatus.Failed, info.Status);
        Assert.Equal("Broken", info.Id);
        Assert.Contains("plugin.json", info.Reason);
        Assert.Contains("line 3", info.Reason);
        Assert.False(AnyAssemblyLoadedFrom(folder));
    }

    [Fact]
    public void Load_ManifestMissingRequiredProperty_FailsNamingIt()
    {
        var folder = _folder.AddFolder("Partial");
        PluginsFolder.WriteManifest(folder, """{ "id": "partial", "version": "1.0.0", "abiVersion": 1 }""");

        var info = Assert.Single(_folder.Load().Plugins);

        Assert.Equal(PluginStatus.Failed, info.Status);
        Assert.Contains("assembly", info.Reason);
    }

    [Fact]
    public void Load_FolderWithoutManifest_Fails()
    {
        _folder.AddFolder("Empty");

        var info = Assert.Single(_folder.Load().Plugins);

        Assert.Equal(PluginStatus.Failed, info.Status);
        Assert.Equal("Empty", info.Folder);
        Assert.Contains("no plugin.json", info.Reason);
    }

    [Fact]
    public void Load_MissingAssembly_Fails()
    {
        var folder = _folder.AddFolder("Hollow");
        PluginsFolder.WriteManifest(folder, """{ "id": "hollow", "version": "1.0.0", "abiVersion": 1, "assembly": "Hollow.dll", "targetKinds": ["hollow"] }""");

        var info = Assert.Single(_folder.Load().Plugins);

        Assert.Equal(PluginStatus.Failed, info.Status);
        Assert.Equal("hollow", info.Id);
        Assert.Contains("'Hollow.dll'", info.Reason);
        Assert.Null(info.Hash);
    }

    [Fact]
    public void Load_AssemblyPathOutsideFolder_FailsWithoutLoading()
    {
        var folder = _folder.AddFolder("Escape");
        PluginsFolder.WriteManifest(folder, """{ "id": "escape", "version": "1.0.0", "abiVersion": 1, "assembly": "../Other/Other.dll" }""");

        var info = Assert.Single(_folder.Load().Plugins);

        Assert.Equal(PluginStatus.Failed, info.Status);
        Assert.Contains("outside the plugin folder", info.Reason);
    }

    [Fact]
    public void Load_AssemblyWithoutPluginType_Fails()
    {
        _folder.AddFixture("NoEntry", PluginsFolder.NoEntryPointFixture, PluginsFolder.Manifest("no-entry", PluginsFolder.NoEntryPointFixture));

        var info = Assert.Single(_folder.Load().Plugins);

        Assert.Equal(PluginStatus.Failed, info.Status);
        Assert.Contains("no public class implementing IPortalPlugin", info.Reason);
    }

    [Fact]
    public void Load_RegisterThrows_FailsAndKeepsNoneOfItsDrivers()
    {
        _folder.AddFixture("Throwing", PluginsFolder.ThrowingFixture, PluginsFolder.Manifest("throwing", PluginsFolder.ThrowingFixture, ["throwing"]));

        var catalog = _folder.Load();

        var info = Assert.Single(catalog.Plugins);
        Assert.Equal(PluginStatus.Failed, info.Status);
        Assert.Contains("Register threw InvalidOperationException: fixture failure during Register", info.Reason);
        Assert.Null(catalog.FindDriver("throwing"));
        Assert.Empty(catalog.Drivers);
    }

    [Fact]
    public void Load_RegisteredKindsDifferFromManifest_FailsNamingBoth()
    {
        _folder.AddFixture("Liar", PluginsFolder.DriverFixture,
            PluginsFolder.Manifest("liar", PluginsFolder.DriverFixture, ["declared-only"], ["fixture-metrics"]));

        var catalog = _folder.Load();

        var info = Assert.Single(catalog.Plugins);
        Assert.Equal(PluginStatus.Failed, info.Status);
        Assert.Contains("'fixture', which plugin.json does not declare", info.Reason);
        Assert.Contains("declares target kind 'declared-only'", info.Reason);
        Assert.Null(catalog.FindDriver("fixture"));
        Assert.Null(catalog.FindMetricSource("fixture-metrics"));
    }

    [Fact]
    public void Load_KindAlreadyProvidedByAnotherPlugin_SecondFailsWithoutLoading()
    {
        var manifest = PluginsFolder.Manifest("first", PluginsFolder.DriverFixture, ["fixture"], ["fixture-metrics"]);
        _folder.AddFixture("A-First", PluginsFolder.DriverFixture, manifest);
        var second = _folder.AddFixture("B-Second", PluginsFolder.DriverFixture,
            PluginsFolder.Manifest("second", PluginsFolder.DriverFixture, ["fixture"], ["fixture-metrics"]));

        var catalog = _folder.Load();

        Assert.Equal([PluginStatus.Loaded, PluginStatus.Failed], catalog.Plugins.Select(p => p.Status));
        Assert.Contains("Target kind 'fixture' is already provided by plugin 'first'", catalog.Plugins[1].Reason);
        Assert.Single(catalog.Drivers);
        Assert.False(AnyAssemblyLoadedFrom(second));
    }

    [Fact]
    public void Load_SameIdInTwoFolders_SecondFails()
    {
        _folder.AddFixture("A", PluginsFolder.DriverFixture, PluginsFolder.Manifest("same", PluginsFolder.DriverFixture, ["fixture"], ["fixture-metrics"]));
        _folder.AddFixture("B", PluginsFolder.NoEntryPointFixture, PluginsFolder.Manifest("same", PluginsFolder.NoEntryPointFixture));

        var plugins = _folder.Load().Plugins;

        Assert.Equal(PluginStatus.Failed, plugins[1].Status);
        Assert.Contains("id 'same' is already loaded from folder 'A'", plugins[1].Reason);
    }

    [Fact]
    public void Load_BrokenPluginsBesideAGoodOne_GoodOneStillLoads()
    {
        _folder.AddFixture("A-Throwing", PluginsFolder.ThrowingFixture, PluginsFolder.Manifest("throwing", PluginsFolder.ThrowingFixture, ["throwing"]));
        PluginsFolder.WriteManifest(_folder.AddFolder("B-Malformed"), "{ not json");
        _folder.AddFolder("C-Empty");
        _folder.AddSandbox("D-Sandbox");

        var catalog = _folder.Load();

        Assert.Equal(
            [PluginStatus.Failed, PluginStatus.Failed, PluginStatus.Failed, PluginStatus.Loaded],
            catalog.Plugins.Select(p => p.Status));
        Assert.All(catalog.Plugins.Take(3), p => Assert.False(string.IsNullOrWhiteSpace(p.Reason)));
        Assert.True(catalog.FindDriver("sandbox") is ITargetDriver);
        Assert.Null(catalog.FindDriver("throwing"));
    }

    private bool AnyAssemblyLoadedFrom(string folder) => _folder.AnyAssemblyLoadedFrom(folder);
}
