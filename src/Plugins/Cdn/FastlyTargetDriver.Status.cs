using PortalRelease.Plugins.Cdn.Edge;
using PortalRelease.Plugins.Cdn.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Cdn;

internal sealed partial class FastlyTargetDriver
{
    /// <summary>What the active version routes, from the portal's record in its comment (one read, not rate limited).</summary>
    public async Task<TargetStatus> GetStatusAsync(TargetContext target, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var settings = FastlySettingsReader.Parse(target);
        var history = new ServiceHistory(await _client.ListVersionsAsync(settings, cancellationToken));
        if (history.Active is not { } active)
        {
            return new TargetStatus
            {
                Health = TargetHealth.Unhealthy,
                Ready = false,
                Detail = $"Fastly service {settings.ServiceId} has no active version: it serves nothing.",
            };
        }

        var marker = active.Marker;
        var detail = marker is null
            ? $"Version {active.Number} is active; it was not made by PortalRelease."
            : $"Version {active.Number} is active: {marker.Describe()}.";

        // A newer draft with a record is a step that was prepared but not activated: interrupted, or refused in validation.
        var pending = history.Entries.LastOrDefault(e => e.Number > active.Number && !e.Version.Locked && e.Marker is not null);
        if (pending is not null)
        {
            detail += $" Draft version {pending.Number} ({pending.Marker!.Describe()}) is prepared but not active.";
        }

        if (history.Staged is int staged && staged != active.Number)
        {
            detail += $" Staging serves version {staged}.";
        }

        return new TargetStatus
        {
            StableVersion = marker?.Stable,
            CanaryVersion = marker?.Canary,
            CanaryWeight = marker?.Canary is null ? 0 : marker.Weight,
            Ready = pending is null,
            Health = TargetHealth.Healthy,
            Detail = detail,
        };
    }
}
