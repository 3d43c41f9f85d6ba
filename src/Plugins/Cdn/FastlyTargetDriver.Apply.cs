using PortalRelease.Plugins.Cdn.Edge;
using PortalRelease.Plugins.Cdn.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Cdn;

internal sealed partial class FastlyTargetDriver
{
    public async Task<ApplyResult> ApplyAsync(TargetContext target, ApplyRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CheckRequest(request);
        var settings = FastlySettingsReader.Parse(target);
        // Refused before any request: a version that cannot name a host never reaches Fastly.
        settings.OriginHost(request.Version);

        await using var held = await _locks.AcquireAsync(settings.LockKey, cancellationToken);
        var history = new ServiceHistory(await _client.ListVersionsAsync(settings, cancellationToken));
        var (done, resume) = Existing(history, request.IdempotencyKey);
        if (done is not null)
        {
            return done;
        }

        var active = history.Active ?? throw NoActiveVersion(settings);
        if (resume is not null)
        {
            return await BuildAsync(settings, history, resume.Marker!.Previous ?? active.Number, resume.Marker, configure: true, resume.Number, cancellationToken);
        }

        var stable = request.Cohort == Cohorts.Stable;
        var marker = new ReleaseMarker
        {
            Key = request.IdempotencyKey,
            Release = request.ReleaseId,
            Action = ReleaseMarker.ApplyAction,
            // Promotion and all-at-once move stable to the new origin and end the canary.
            Stable = stable ? request.Version : active.Marker?.Stable,
            Canary = stable ? null : request.Version,
            Weight = stable ? 0 : request.Weight,
            Previous = active.Number,
        };
        return await BuildAsync(settings, history, active.Number, marker, configure: true, draft: null, cancellationToken);
    }

    private static void CheckRequest(ApplyRequest request)
    {
        RequireText(request.IdempotencyKey, "idempotency key");
        RequireText(request.ReleaseId, "release id");
        RequireText(request.Version, "version");
        if (request.Weight is < 0 or > 100)
        {
            throw new DriverException($"Weight {request.Weight} is out of range: a weight is a percentage from 0 to 100.");
        }

        if (request.Strategy is not (DeploymentStrategy.Canary or DeploymentStrategy.AllAtOnce))
        {
            throw new DriverException($"Fastly targets run canary and all-at-once releases, not {request.Strategy}: a CDN service has no instances to replace in batches or second environment to switch to.");
        }

        switch (request.Cohort)
        {
            case Cohorts.Canary when request.Strategy == DeploymentStrategy.AllAtOnce:
                throw new DriverException($"An all-at-once release moves the '{Cohorts.Stable}' cohort at 100%; it has no canary.");
            case Cohorts.Canary:
                return;
            case Cohorts.Stable when request.Weight != 100:
                throw new DriverException($"The '{Cohorts.Stable}' cohort takes all traffic on a Fastly target: promote with weight 100, not {request.Weight}.");
            case Cohorts.Stable:
                return;
            default:
                throw new DriverException($"Unknown cohort '{request.Cohort}': Fastly targets apply versions to '{Cohorts.Canary}' or '{Cohorts.Stable}'.");
        }
    }

    /// <summary>
    /// What the versions say about a key: already applied (the result to return), a draft to finish (made before a
    /// crash or a failed step), or nothing (apply it now).
    /// </summary>
    private static (ApplyResult? Done, ServiceHistory.Entry? Resume) Existing(ServiceHistory history, string key)
    {
        var entry = history.NewestWithKey(key);
        if (entry is null)
        {
            return (null, null);
        }

        if (entry.Version.Active)
        {
            return (ApplyResult.AlreadyApplied($"Key '{key}' was applied as version {entry.Number} ({entry.Marker!.Describe()}), which is active; nothing changed."), null);
        }

        if (!entry.Version.Locked)
        {
            // A draft older than the active version was overtaken: finishing it would undo what was activated since.
            return history.Active is { } current && current.Number > entry.Number ? (null, null) : (null, entry);
        }

        // Locked means activated once. Versions after it mean the release (or someone) moved on since.
        if (history.Newest > entry.Number)
        {
            var now = history.Active is { } active ? $"version {active.Number} is active now" : "no version is active now";
            return (ApplyResult.AlreadyApplied($"Key '{key}' was applied as version {entry.Number} ({entry.Marker!.Describe()}); {now}; nothing changed."), null);
        }

        // The newest version, locked but never active: someone locked the portal's draft mid-edit. Start again.
        return (null, null);
    }
}
