using PortalRelease.Sdk;

namespace PortalRelease.Fixtures.SecretsPlugin;

/// <summary>Registers target kind <c>fixture-secrets</c>: a driver with secrets, for the target management tests.</summary>
public sealed class SecretsFixturePlugin : IPortalPlugin
{
    public void Register(IPluginRegistrar registrar) => registrar.AddTargetDriver(new SecretsDriver());
}
