using System.Reflection;
using System.Runtime.Loader;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Cdn.Tests;

/// <summary>
/// The plugin as its build deploys it into plugins/Cdn, loaded the way the portal loads plugins: into a collectible
/// context of its own, with only the SDK shared with the host.
/// </summary>
internal sealed class DeployedPlugin : AssemblyLoadContext
{
    public static readonly string Folder = Path.Combine(
        typeof(DeployedPlugin).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!, "plugins", "Cdn");

    private static readonly string AssemblyPath = Path.Combine(Folder, "PortalRelease.Plugins.Cdn.dll");

    private readonly AssemblyDependencyResolver _resolver = new(AssemblyPath);

    private DeployedPlugin() : base("deployed-cdn", isCollectible: true)
    {
    }

    public static (DeployedPlugin Context, IPortalPlugin Plugin) Load()
    {
        Assert.True(File.Exists(AssemblyPath), $"The Cdn plugin is not deployed to {Folder}; build src/Plugins/Cdn first.");
        var context = new DeployedPlugin();
        var assembly = context.LoadFromAssemblyPath(AssemblyPath);
        Assert.NotSame(typeof(CdnPlugin).Assembly, assembly);
        var type = assembly.GetExportedTypes().Single(t => typeof(IPortalPlugin).IsAssignableFrom(t));
        return (context, (IPortalPlugin)Activator.CreateInstance(type)!);
    }

    protected override Assembly? Load(AssemblyName assemblyName) =>
        assemblyName.Name == typeof(IPortalPlugin).Assembly.GetName().Name
            ? null
            : _resolver.ResolveAssemblyToPath(assemblyName) is { } file ? LoadFromAssemblyPath(file) : null;
}
