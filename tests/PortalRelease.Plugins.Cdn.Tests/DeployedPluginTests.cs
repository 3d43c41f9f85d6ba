using System.Text.Json;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.Cdn.Tests;

/// <summary>The plugin as its build deploys it into plugins/Cdn: a manifest, the assembly, and no copy of the SDK.</summary>
public sealed class DeployedPluginTests
{
    private static readonly string Folder = DeployedPlugin.Folder;

    [Fact]
    public void Deploy_WritesAManifestNamingTheFastlyKindAndTheAssembly_AndNoSdkCopy()
    {
        var manifest = JsonSerializer.Deserialize<PluginManifest>(File.ReadAllText(Path.Combine(Folder, PluginManifest.FileName)))!;

        Assert.Equal(("cdn", SdkAbi.Version), (manifest.Id, manifest.AbiVersion));
        Assert.Equal(["fastly"], manifest.TargetKinds);
        Assert.True(File.Exists(Path.Combine(Folder, manifest.Assembly)), $"{manifest.Assembly} is not deployed to {Folder}.");
        Assert.False(File.Exists(Path.Combine(Folder, "PortalRelease.Sdk.dll")), "A copy of the SDK beside the plugin would break type identity.");
    }

    [Fact]
    public void Deploy_TheDeployedAssembly_LoadsInItsOwnContextAndRegistersTheFastlyDriver()
    {
        var (context, plugin) = DeployedPlugin.Load();
        try
        {
            using var host = new TestPluginHost();

            var driver = host.Register(plugin).Driver("fastly");

            Assert.NotSame(typeof(CdnPlugin).Assembly, driver.GetType().Assembly);
            Assert.Equal(DriverCapabilities.WeightedCanary | DriverCapabilities.AllAtOnce | DriverCapabilities.Rollback, driver.Capabilities);
            (driver as IDisposable)?.Dispose();
        }
        finally
        {
            context.Unload();
        }
    }
}
