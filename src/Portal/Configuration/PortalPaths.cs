using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Configuration;

/// <summary>The absolute folders the portal works in, resolved once from the options and the content root.</summary>
public sealed class PortalPaths
{
    public PortalPaths(IOptions<PortalOptions> options, IHostEnvironment environment)
    {
        DataDirectory = Path.GetFullPath(options.Value.DataDirectory, environment.ContentRootPath);
        PluginsDirectory = Path.GetFullPath(options.Value.PluginsDirectory, environment.ContentRootPath);
        OwnerOnly.CreateDirectory(DataDirectory);
    }

    public string DataDirectory { get; }

    public string PluginsDirectory { get; }

    public string DatabaseFile => Path.Combine(DataDirectory, "portal.db");

    public string PluginDataDirectory(string pluginId) => Path.Combine(DataDirectory, "plugins", pluginId);
}
