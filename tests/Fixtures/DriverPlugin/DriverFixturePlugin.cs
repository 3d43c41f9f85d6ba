using PortalRelease.Sdk;

namespace PortalRelease.Fixtures.DriverPlugin;

/// <summary>Registers target kind <c>fixture</c> and metric kind <c>fixture-metrics</c>; the tests vary the manifest around it.</summary>
public sealed class DriverFixturePlugin : IPortalPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        registrar.AddTargetDriver(new FixtureDriver());
        registrar.AddMetricSource(new FixtureMetricSource());
    }
}
