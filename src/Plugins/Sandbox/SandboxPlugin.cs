using PortalRelease.Plugins.Sandbox.Fleet;
using PortalRelease.Plugins.Sandbox.Metrics;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox;

/// <summary>
/// The sandbox plugin: a simulated fleet the portal can deploy to and measure, with no infrastructure.
/// Its state lives only in per-target ledgers: in the host's shared state store when it offers one (so every node of a
/// cluster sees one fleet), else under the host's data directory; its clock is the host's.
/// </summary>
public sealed class SandboxPlugin : IPortalPlugin
{
    /// <summary>The target kind and metric-source kind this plugin provides.</summary>
    public const string Kind = "sandbox";

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        var fleets = new SandboxFleetRegistry(registrar.Host);
        registrar.AddTargetDriver(new SandboxTargetDriver(fleets));
        registrar.AddMetricSource(new SandboxMetricSource(fleets));
    }
}
