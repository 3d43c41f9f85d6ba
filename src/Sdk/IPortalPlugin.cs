namespace PortalRelease.Sdk;

/// <summary>
/// The entry point of a plugin assembly. The portal creates the one public, parameterless implementation
/// it finds in the assembly named by the manifest and calls <see cref="Register"/> once per load.
/// </summary>
public interface IPortalPlugin
{
    /// <summary>Registers the target drivers and metric sources this plugin provides.</summary>
    /// <param name="registrar">Collects the plugin's contributions and gives access to host services.</param>
    void Register(IPluginRegistrar registrar);
}
