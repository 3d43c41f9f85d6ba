using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using PortalRelease.Contracts;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Live;

/// <summary>
/// <c>/hubs/releases</c>: streams a release's journal to outside clients. A client that reconnects calls
/// <see cref="Events"/> again with the last sequence number it saw and misses nothing.
/// </summary>
public sealed class ReleasesHub(ReleaseFeed feed, ReleaseRepository releases, Identity.Access.AccessGuard guard) : Hub
{
    public async IAsyncEnumerable<ReleaseEvent> Events(string releaseId, long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Release ids are made by the portal, so an unknown one never starts to exist: without this check the
        // stream waited forever, silently. HubException is the one error SignalR passes on to the client as written.
        if (string.IsNullOrEmpty(releaseId) || await releases.GetAsync(releaseId, cancellationToken) is not { } record)
        {
            throw new HubException($"There is no release '{Excerpt.Of(releaseId)}'.");
        }
        // Only releases the caller may view: the scope comes from the release's stored plan.
        var actor = Api.RequestAuditActor.For(Context.User ?? new System.Security.Claims.ClaimsPrincipal(), Context.GetHttpContext());
        if (await guard.CheckAsync(actor, Identity.Access.AccessPermission.View, Releases.ReleaseService.ScopeOf(record)) is { Allowed: false } denied)
        {
            throw new HubException(denied.Reason);
        }
        if (afterSeq < 0)
        {
            throw new HubException($"afterSeq must be 0 or a sequence number the client saw; got {afterSeq}.");
        }
        await foreach (var journalEvent in feed.ReadAsync(releaseId, afterSeq, cancellationToken))
        {
            yield return journalEvent.ToContract();
        }
    }
}
