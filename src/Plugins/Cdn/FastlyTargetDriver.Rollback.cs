using PortalRelease.Plugins.Cdn.Edge;
using PortalRelease.Plugins.Cdn.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Cdn;

internal sealed partial class FastlyTargetDriver
{
    /// <summary>
    /// Restores the configuration that served before the release: a clone of that version, carrying the key in its
    /// comment, validated and activated. Fastly could re-activate the old version itself, but then the rollback would
    /// leave no record of its key, and a re-issued rollback could not be told from a new one.
    /// </summary>
    public async Task<ApplyResult> RollbackAsync(TargetContext target, RollbackRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RequireText(request.IdempotencyKey, "idempotency key");
        RequireText(request.ReleaseId, "release id");
        var settings = FastlySettingsReader.Parse(target);

        await using var held = await _locks.AcquireAsync(settings.LockKey, cancellationToken);
        var history = new ServiceHistory(await _client.ListVersionsAsync(settings, cancellationToken));
        var (done, resume) = Existing(history, request.IdempotencyKey);
        if (done is not null)
        {
            return done;
        }

        if (resume is not null)
        {
            return await BuildAsync(settings, history, resume.Marker!.Restores ?? resume.Number, resume.Marker, configure: false, resume.Number, cancellationToken);
        }

        var active = history.Active ?? throw NoActiveVersion(settings);
        var restore = RollbackTarget(history, active, request, settings);
        var marker = new ReleaseMarker
        {
            Key = request.IdempotencyKey,
            Release = request.ReleaseId,
            Action = ReleaseMarker.RollbackAction,
            Stable = restore.Marker?.Stable,
            Canary = restore.Marker?.Canary,
            Weight = restore.Marker?.Weight ?? 0,
            Previous = active.Number,
            Restores = restore.Number,
        };
        return await BuildAsync(settings, history, restore.Number, marker, configure: false, draft: null, cancellationToken);
    }

    /// <summary>
    /// Walks back from the active version along the records' "previous" links: the first version that serves
    /// <see cref="RollbackRequest.ToVersion"/> on stable with no canary traffic, or else the last version before the
    /// release's first one (what was active before the release).
    /// </summary>
    private static ServiceHistory.Entry RollbackTarget(ServiceHistory history, ServiceHistory.Entry active, RollbackRequest request, FastlySettings settings)
    {
        var seen = new HashSet<int>();
        var entry = active;
        while (true)
        {
            var marker = entry.Marker;
            if (marker is null || marker.Release != request.ReleaseId || !seen.Add(entry.Number))
            {
                return entry;
            }

            if (request.ToVersion is not null && marker.Stable == request.ToVersion && (marker.Canary is null || marker.Weight == 0))
            {
                return entry;
            }

            if (marker.Previous is not int previous || history.Find(previous) is not { } before)
            {
                throw new DriverException(
                    $"Cannot roll back Fastly service {settings.ServiceId}: version {entry.Number} names version {marker.Previous?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} as the one active before it, and that version no longer exists. Activate a known-good version in Fastly by hand.");
            }

            entry = before;
        }
    }
}
