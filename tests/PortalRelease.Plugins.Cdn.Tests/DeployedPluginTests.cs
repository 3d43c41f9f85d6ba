using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.Cdn.Tests;

/// <summary>The plugin as its build deploys it into plugins/Cdn: a manifest, the assembly, and no copy of the SDK.</summary>
public sealed class DeployedPluginTests
{
    private static readonly string Folder = Path.Combine(
        typeof(DeployedPluginTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!, "plugins", "Cdn");

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
        var context = new PluginContext(Path.Combine(Folder, "PortalRelease.Plugins.Cdn.dll"));
        try
        {
            var assembly = context.LoadFromAssemblyPath(Path.Combine(Folder, "PortalRelease.Plugins.Cdn.dll"));
            var plugin = (IPortalPlugin)Activator.CreateInstance(assembly.GetTypes().Single(t => typeof(IPortalPlugin).IsAssignableFrom(t)))!;
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

    // The SDK is shared with the host, as the portal's loader shares it; everything else comes from the plugin folder.
    private sealed class PluginContext(string path) : AssemblyLoadContext(isCollectible: true)
    {
        private readonly AssemblyDependencyResolver _resolver = new(path);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name == typeof(IPortalPlugin).Assembly.GetName().Name)
            {
                return null;
            }

            return _resolver.ResolveAssemblyToPath(assemblyName) is { } file ? LoadFromAssemblyPath(file) : null;
        }
    }
}
