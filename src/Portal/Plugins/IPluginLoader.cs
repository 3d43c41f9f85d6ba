using PortalRelease.Sdk;

namespace PortalRelease.Portal.Plugins;

/// <summary>
/// Loads a plugin's code into its own load context with the SDK shared. The portal's own seam over the
/// load-context library, so that library can be replaced without touching the catalog.
/// </summary>
public interface IPluginLoader
{
    /// <summary>Loads the assembly and creates its single <see cref="IPortalPlugin"/> entry point.</summary>
    /// <param name="assemblyPath">The absolute path of the plugin's main assembly.</param>
    /// <exception cref="PluginLoadException">The code could not be loaded or has no usable entry point; the message says why.</exception>
    ILoadedPlugin Load(string assemblyPath);
}

/// <summary>A plugin whose code is loaded. Disposing it unloads its load context once nothing references it.</summary>
public interface ILoadedPlugin : IDisposable
{
    /// <summary>The plugin's entry point, created with its public parameterless constructor.</summary>
    IPortalPlugin Instance { get; }

    /// <summary>The absolute path of the main assembly that was loaded.</summary>
    string AssemblyPath { get; }
}
