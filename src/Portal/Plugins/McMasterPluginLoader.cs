using System.Reflection;
using McMaster.NETCore.Plugins;
using PortalRelease.Portal.Data;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Plugins;

/// <summary>Loads each plugin into its own unloadable context with McMaster.NETCore.Plugins.</summary>
public sealed class McMasterPluginLoader : IPluginLoader
{
    // The types a plugin exchanges with the portal. McMaster shares the assemblies that define them,
    // so a plugin's ITargetDriver is the portal's ITargetDriver (type identity across contexts). The database
    // client's assemblies are shared too, though no plugin exchanges their types: see DatabaseAssemblies for why.
    private static readonly Type[] SharedTypes =
    [
        typeof(IPortalPlugin), typeof(IPluginRegistrar), typeof(PluginHostContext), typeof(PluginManifest),
        typeof(ITargetDriver), typeof(IMetricSource), typeof(TargetContext), typeof(TargetStatus),
        typeof(ApplyRequest), typeof(ApplyResult), typeof(RollbackRequest), typeof(SettingsError),
        typeof(MetricQuery), typeof(MetricResult), typeof(DriverException),
        typeof(IPluginStateStore), typeof(IPluginLockProvider), typeof(PluginStateEntry),
        .. DatabaseAssemblies.SharedWithPlugins,
    ];

    public ILoadedPlugin Load(string assemblyPath)
    {
        // In memory, so replacing a file of a loaded plugin (a hot reload) never changes code that is mapped and running.
        var loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, sharedTypes: SharedTypes, configure: c =>
        {
            c.IsUnloadable = true;
            c.LoadInMemory = true;
        });
        try
        {
            var assembly = LoadAssembly(loader, assemblyPath);
            var instance = PluginEntryPoint.Create(assembly, assemblyPath);
            return new McMasterLoadedPlugin(loader, instance, assemblyPath);
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }

    private static Assembly LoadAssembly(PluginLoader loader, string assemblyPath)
    {
        try
        {
            return loader.LoadDefaultAssembly();
        }
        catch (BadImageFormatException ex)
        {
            throw new PluginLoadException($"'{Path.GetFileName(assemblyPath)}' is not a .NET assembly: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or TypeLoadException)
        {
            throw new PluginLoadException($"'{Path.GetFileName(assemblyPath)}' could not be loaded: {ex.Message}", ex);
        }
    }

    private sealed class McMasterLoadedPlugin(PluginLoader loader, IPortalPlugin instance, string assemblyPath) : ILoadedPlugin
    {
        public IPortalPlugin Instance { get; } = instance;

        public string AssemblyPath { get; } = assemblyPath;

        public void Dispose() => loader.Dispose();
    }
}
