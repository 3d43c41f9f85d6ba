using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Prometheus.Tests.Fixture;

/// <summary>Gets the metric source the way the portal does: through the plugin's registration hook.</summary>
internal static class Sources
{
    public static IMetricSource Register(IHostPolicy? policy = null)
    {
        var registrar = new CapturingRegistrar(policy ?? HostPolicy.LoopbackOnly);
        new PrometheusPlugin().Register(registrar);
        Assert.Empty(registrar.Drivers);
        return Assert.Single(registrar.Sources);
    }

    private sealed class CapturingRegistrar(IHostPolicy policy) : IPluginRegistrar
    {
        public PluginHostContext Host { get; } = new() { DataDirectory = Path.GetTempPath(), Time = TimeProvider.System, Policy = policy };

        public List<ITargetDriver> Drivers { get; } = [];

        public List<IMetricSource> Sources { get; } = [];

        public void AddTargetDriver(ITargetDriver driver) => Drivers.Add(driver);

        public void AddMetricSource(IMetricSource source) => Sources.Add(source);
    }
}
