using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes;

/// <summary>The Kubernetes plugin: a target driver for Deployments, with traffic routed by Gateway API or Istio.</summary>
public sealed class KubernetesPlugin : IPortalPlugin
{
    /// <summary>The target kind this plugin provides.</summary>
    public const string Kind = "kubernetes";

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddTargetDriver(new KubernetesTargetDriver(registrar.Host.Time, registrar.Host.Policy));
    }
}
