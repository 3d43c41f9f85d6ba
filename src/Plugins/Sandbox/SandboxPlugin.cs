using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox;

public sealed class SandboxPlugin : IPortalPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
    }
}
