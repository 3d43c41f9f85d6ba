using PortalRelease.Sdk;

namespace Samples.HttpWebhook;

/// <summary>Registers the generic HTTP webhook target driver.</summary>
public sealed class HttpWebhookPlugin : IPortalPlugin
{
    /// <summary>The target kind.</summary>
    public const string Kind = "http-webhook";

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar) => registrar.AddTargetDriver(new HttpWebhookDriver());
}
