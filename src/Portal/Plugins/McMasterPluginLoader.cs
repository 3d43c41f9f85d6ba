using System.Reflection;
using McMaster.NETCore.Plugins;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Plugins;

/// <summary>Loads each plugin into its own unloadable context with McMaster.NETCore.Plugins.</summary>
public sealed class McMasterPluginLoader : IPluginLoader
{
    // The types a plugin exchanges with the portal. McMaster shares the assemblies that define them,
    // so a plugin's ITargetDriver is the portal's ITargetDriver (type identity across contexts).
    private static readonly Type[] SharedTypes =
    [
        typeof(IPortalPlugin), typeof(IPluginRegistrar), typeof(PluginHostContext), typeof(PluginManifest),
        typeof(ITargetDriver), typeof(IMetricSource), typeof(TargetContext), typeof(TargetStatus),
        typeof(ApplyRequest), typeof(ApplyResult), typeof(RollbackRequest), typeof(SettingsError),
        typeof(MetricQuery), typeof(MetricResult), typeof(DriverException),

        // SQLite is shared too, though no plugin exchanges its types with the portal: one process must hold one copy
        // of the native library. SQLite keeps its POSIX locks per copy while the kernel keeps them per process, so a
        // second copy neither sees the portal's locks nor keeps its own from being dropped: when a plugin's copy
        // closed its last connection to a file the portal had open, it took itself for the last user, checkpointed and
        // unlinked the portal's live write-ahead log, and the portal's database was malformed. Resolving these
        // assemblies from the portal's context makes every plugin use the portal's Microsoft.Data.Sqlite, hence its
        // one native e_sqlite3, whatever a plugin folder ships. (Running plugin SQLite out of process would also keep
        // the copies apart, but costs a process per plugin and a wire protocol for every command; sharing costs
        // nothing, since the portal already carries the library.)
        typeof(Microsoft.Data.Sqlite.SqliteConnection), typeof(SQLitePCL.raw), typeof(SQLitePCL.Batteries_V2),
        typeof(SQLitePCL.SQLite3Provider_e_sqlite3),
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
