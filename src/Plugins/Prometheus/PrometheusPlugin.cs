using PortalRelease.Plugins.Prometheus.Http;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Prometheus;

/// <summary>
/// The Prometheus plugin: a metric source only. Any target, whatever its driver, can be measured with it by
/// giving the analysis step <c>provider: prometheus</c> and the target a <c>prometheus</c> settings object.
/// </summary>
public sealed class PrometheusPlugin : IPortalPlugin
{
    /// <summary>The metric-source kind this plugin provides.</summary>
    public const string Kind = "prometheus";

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddMetricSource(new PrometheusMetricSource(new PrometheusClient(), registrar.Host.Policy));
    }
}
