using PortalRelease.Sdk;

namespace Samples.NginxUpstream;

/// <summary>
/// Registers the nginx upstream-weights target driver; its state lives in the host's data directory, and the files it
/// writes and reads only under the folder the operator allows the kind (<c>Portal:TargetPolicy:Kinds:nginx-upstream:Root</c>).
/// </summary>
public sealed class NginxUpstreamPlugin : IPortalPlugin
{
    /// <summary>The target kind.</summary>
    public const string Kind = "nginx-upstream";

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar) =>
        registrar.AddTargetDriver(new NginxUpstreamDriver(new UpstreamStateStore(registrar.Host.DataDirectory), registrar.Host.Policy));
}
