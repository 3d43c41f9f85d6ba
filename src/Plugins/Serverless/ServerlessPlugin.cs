using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Serverless;

/// <summary>
/// The serverless plugin: the <c>aws-lambda</c> target driver. It keeps only the idempotency keys it has applied, under
/// the host's data directory; the function's versions and alias are the target's state.
/// </summary>
public sealed class ServerlessPlugin : IPortalPlugin
{
    /// <summary>The target kind this plugin provides.</summary>
    public const string Kind = "aws-lambda";

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddTargetDriver(new LambdaTargetDriver(new LambdaDriverOptions
        {
            DataDirectory = registrar.Host.DataDirectory,
            Time = registrar.Host.Time,
            Policy = registrar.Host.Policy,
        }));
    }
}
