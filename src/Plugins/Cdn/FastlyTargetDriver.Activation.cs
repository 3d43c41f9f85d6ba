using System.Net;
using PortalRelease.Plugins.Cdn.Api;
using PortalRelease.Plugins.Cdn.Edge;
using PortalRelease.Plugins.Cdn.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Cdn;

internal sealed partial class FastlyTargetDriver
{
    /// <summary>Clones <paramref name="from"/> (or finishes <paramref name="draft"/>), then configures, validates and activates it.</summary>
    private async Task<ApplyResult> BuildAsync(
        FastlySettings settings, ServiceHistory history, int from, ReleaseMarker marker, bool configure, int? draft, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var number = draft ?? await CloneWithRecordAsync(settings, from, marker, cancellationToken);
            try
            {
                return await CompleteAsync(settings, history, number, marker, configure, cancellationToken);
            }
            catch (FastlyApiException error) when (error.Status == HttpStatusCode.Conflict && attempt == 0)
            {
                // Fastly locks a version when it is activated: someone activated or locked the draft while the portal
                // edited it. That draft is left alone; the change is made again on a fresh clone.
                draft = null;
            }
        }
    }

    // The record goes into the comment before anything else changes, so a crash after the clone leaves a draft the
    // re-issued key finds and finishes.
    private async Task<int> CloneWithRecordAsync(FastlySettings settings, int from, ReleaseMarker marker, CancellationToken cancellationToken)
    {
        var clone = await _client.CloneAsync(settings, from, cancellationToken);
        await _client.CommentAsync(settings, clone.Number, marker.ToComment(), cancellationToken);
        return clone.Number;
    }

    private async Task<ApplyResult> CompleteAsync(
        FastlySettings settings, ServiceHistory history, int number, ReleaseMarker marker, bool configure, CancellationToken cancellationToken)
    {
        if (configure)
        {
            await ConfigureAsync(settings, number, marker, cancellationToken);
        }

        var validation = await _client.ValidateAsync(settings, number, cancellationToken);
        if (!validation.Ok)
        {
            var reasons = string.Join("; ", (validation.Errors ?? []).Prepend(validation.Msg).Where(r => !string.IsNullOrWhiteSpace(r)));
            throw new DriverException(
                $"Fastly refused version {number} of service {settings.ServiceId} in validation: {(reasons.Length == 0 ? "no reason given" : reasons)}. "
                + $"Version {number} stays an inactive draft for inspection; nothing was activated.");
        }

        if (settings.StageFirst)
        {
            await _client.ActivateAsync(settings, number, "staging", cancellationToken);
        }

        await _client.ActivateAsync(settings, number, null, cancellationToken);

        var before = marker.Previous is int previous ? history.Find(previous)?.Marker?.Stable : null;
        var purged = before != marker.Stable ? await PurgeAsync(settings, cancellationToken) : "";
        var staged = settings.StageFirst ? " after staging it" : "";
        return ApplyResult.Applied($"Activated version {number} of Fastly service {settings.ServiceId}{staged}: {marker.Describe()}.{purged}");
    }

    /// <summary>Writes only what differs from the cloned version: reads are free, writes count against Fastly's hourly limit.</summary>
    private async Task ConfigureAsync(FastlySettings settings, int number, ReleaseMarker marker, CancellationToken cancellationToken)
    {
        var backends = await _client.ListBackendsAsync(settings, number, cancellationToken);
        var wantedBackends = EdgeConfig.DesiredBackends(marker, settings);
        foreach (var wanted in wantedBackends)
        {
            var existing = backends.FirstOrDefault(b => b.Name == wanted.Name);
            if (existing is null)
            {
                await _client.CreateBackendAsync(settings, number, wanted.Form, cancellationToken);
            }
            else if (!wanted.Matches(existing))
            {
                await _client.UpdateBackendAsync(settings, number, wanted.Name, wanted.Form, cancellationToken);
            }
        }

        var snippets = await _client.ListSnippetsAsync(settings, number, cancellationToken);
        var wantedSnippets = EdgeConfig.DesiredSnippets(marker);
        foreach (var wanted in wantedSnippets)
        {
            var existing = snippets.FirstOrDefault(s => s.Name == wanted.Name);
            if (existing is null)
            {
                await _client.CreateSnippetAsync(settings, number, wanted.Form, cancellationToken);
            }
            else if (!wanted.Matches(existing))
            {
                await _client.UpdateSnippetAsync(settings, number, wanted.Name, wanted.Form, cancellationToken);
            }
        }

        // Removed last: until the routing snippet stops naming a backend, deleting it would not validate.
        foreach (var name in EdgeConfig.Snippets.Where(n => wantedSnippets.All(w => w.Name != n) && snippets.Any(s => s.Name == n)))
        {
            await _client.DeleteSnippetAsync(settings, number, name, cancellationToken);
        }

        foreach (var name in EdgeConfig.Backends.Where(n => wantedBackends.All(w => w.Name != n) && backends.Any(b => b.Name == n)))
        {
            await _client.DeleteBackendAsync(settings, number, name, cancellationToken);
        }
    }

    // The activation stands whatever the purge does: a failed purge is reported, not thrown, so the portal does not
    // re-issue a step whose key would then read as applied and skip the purge anyway.
    private async Task<string> PurgeAsync(FastlySettings settings, CancellationToken cancellationToken)
    {
        try
        {
            switch (settings.Purge)
            {
                case PurgeMode.All:
                    await _client.PurgeAllAsync(settings, cancellationToken);
                    return " Purged the whole cache.";
                case PurgeMode.SurrogateKey:
                    await _client.PurgeKeyAsync(settings, settings.SurrogateKey!, cancellationToken);
                    return $" Purged surrogate key {settings.SurrogateKey}.";
                default:
                    return "";
            }
        }
        catch (DriverException error)
        {
            return $" The cache purge failed ({error.Message}); purge by hand if stale objects matter.";
        }
    }
}
