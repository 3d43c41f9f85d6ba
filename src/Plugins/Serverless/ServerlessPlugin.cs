using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Serverless;

/// <summary>
/// The serverless plugin: the <c>aws-lambda</c> target driver. It keeps only the idempotency keys it has applied, in the
/// host's state store (shared by every node of a cluster) or, on hosts without one, under the host's data directory; the
/// function's versions and alias are the target's state.
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
            State = registrar.Host.State,
            Locks = registrar.Host.Locks,
        }));
    }
}
