using System.Text.Json;
using PortalRelease.Plugins.Cdn.Api;
using PortalRelease.Plugins.Cdn.Edge;
using PortalRelease.Plugins.Cdn.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Cdn;

/// <summary>
/// The Fastly target driver. Every change is a new service version: clone the active version, write the portal's record
/// into its comment, set the backends and the routing snippet, validate, optionally activate on staging, activate,
/// and purge when the stable origin changed. A repeated idempotency key is recognised from the version comments.
/// </summary>
internal sealed partial class FastlyTargetDriver : ITargetDriver, IDisposable
{
    private readonly FastlyClient _client;
    private readonly ServiceLocks _locks;

    public FastlyTargetDriver(FastlyClient client, IPluginLockProvider? hostLocks = null)
    {
        _client = client;
        _locks = new ServiceLocks(hostLocks);
    }

    public string Kind => CdnPlugin.Kind;

    public string DisplayName => "Fastly CDN (versioned service configuration)";

    public DriverCapabilities Capabilities => DriverCapabilities.WeightedCanary | DriverCapabilities.AllAtOnce | DriverCapabilities.Rollback;

    public string SettingsSchema => FastlySettingsSchema.Json;

    public ValueTask<IReadOnlyList<SettingsError>> ValidateSettingsAsync(JsonElement settings, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var errors = new List<SettingsError>();
        FastlySettingsReader.Read(settings, null, errors);
        return ValueTask.FromResult<IReadOnlyList<SettingsError>>(errors);
    }

    public void Dispose() => _client.Dispose();

    private static void RequireText(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DriverException($"The {what} must not be empty.");
        }
    }

    private static DriverException NoActiveVersion(FastlySettings settings) => new(
        $"Fastly service {settings.ServiceId} has no active version: activate one in Fastly first; the portal builds every change on the active version.");
}
