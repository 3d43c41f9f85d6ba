using Microsoft.AspNetCore.Authorization;
using PortalRelease.Portal.Audit;

namespace PortalRelease.Portal.Identity.Access;

/// <summary>
/// The check every service makes before it changes anything, through <see cref="IAuthorizationService"/> with the
/// action's scope as the resource. The portal itself (<see cref="AuditActor.System"/>: seeding, the engine) is not a
/// user and passes; any other actor without a principal is refused.
/// </summary>
public sealed class AccessGuard(IAuthorizationService authorization)
{
    public async Task<AccessDecision> CheckAsync(AuditActor actor, AccessPermission permission, AccessScope scope)
    {
        if (actor.Principal is null)
        {
            return actor.Method == AuditActor.SystemMethod ? AccessDecision.Yes : AccessDecision.No($"{actor.Id} is not signed in.");
        }
        var result = await authorization.AuthorizeAsync(actor.Principal, scope, new AccessRequirement(permission));
        return result.Succeeded
            ? AccessDecision.Yes
            : AccessDecision.No(result.Failure?.FailureReasons.FirstOrDefault()?.Message ?? $"{actor.Id} may not do this.");
    }

    /// <summary>Throws <see cref="AccessDeniedException"/> (a 403 at the API) unless the actor may.</summary>
    public async Task DemandAsync(AuditActor actor, AccessPermission permission, AccessScope scope) =>
        (await CheckAsync(actor, permission, scope)).Demand();
}
