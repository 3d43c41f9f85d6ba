using PortalRelease.Sdk;

namespace Acme.Driver;

/// <summary>The plugin's entry point: the portal creates it and calls <see cref="Register"/> once per load.</summary>
public sealed class DriverPlugin : IPortalPlugin
{
    /// <summary>The target kind this plugin serves; it must match <c>targetKinds</c> in plugin.json.</summary>
    public const string Kind = "my-target";

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddTargetDriver(new TargetDriver());
    }
}
