using PortalRelease.Sdk;

namespace PortalRelease.Fixtures.ThrowingPlugin;

/// <summary>Registers a driver, then throws: the portal must keep none of it.</summary>
public sealed class ThrowingFixturePlugin : IPortalPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        registrar.AddTargetDriver(new HalfDriver());
        throw new InvalidOperationException("fixture failure during Register");
    }
}
