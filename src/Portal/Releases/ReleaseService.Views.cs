using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Identity.Access;

namespace PortalRelease.Portal.Releases;

/// <summary>Reads for people and pipelines: only the releases the viewer may view, judged by each release's stored plan.</summary>
public sealed partial class ReleaseService
{
    /// <summary>The newest releases the viewer may view (up to <paramref name="limit"/> are looked at).</summary>
    public async Task<IReadOnlyList<ReleaseSummary>> ListForAsync(AuditActor viewer, int limit, CancellationToken cancellationToken = default)
    {
        var visible = new List<ReleaseSummary>();
        foreach (var summary in await ListAsync(limit, cancellationToken))
        {
            if ((await guard.CheckAsync(viewer, AccessPermission.View, ScopeOf(summary.Record))).Allowed)
            {
                visible.Add(summary);
            }
        }
        return visible;
    }

    /// <summary>One release, or null when there is none; <see cref="AccessDeniedException"/> when the viewer may not view it.</summary>
    public async Task<ReleaseDetails?> GetForAsync(string id, AuditActor viewer, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(id, cancellationToken) is not { } details)
        {
            return null;
        }
        await guard.DemandAsync(viewer, AccessPermission.View, ScopeOf(details.Record));
        return details;
    }
}
