using PortalRelease.Plugins.Cdn.Api;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Cdn;

/// <summary>
/// The CDN plugin: a target driver for Fastly Delivery services. Its only state is in Fastly itself (the portal's
/// record sits in each service version's comment), so a portal crash loses nothing.
/// </summary>
public sealed class CdnPlugin : IPortalPlugin
{
    /// <summary>The target kind this plugin provides.</summary>
    public const string Kind = "fastly";

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        // The host's locks (when it offers them) keep two portal nodes from changing one service at once.
        registrar.AddTargetDriver(new FastlyTargetDriver(new FastlyClient(registrar.Host.Time, registrar.Host.Policy), registrar.Host.Locks));
    }
}
